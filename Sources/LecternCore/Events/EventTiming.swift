import Foundation

/// The timing rules of an event's plan.
public enum EventTiming {
    /// Minutes, as for lessons.
    public static let durationRange = RecurrenceRule.durationRange

    public static func checkDuration(_ minutes: Int) throws {
        guard durationRange.contains(minutes) else {
            throw FieldProblem("duration", "must be \(durationRange.lowerBound) to \(durationRange.upperBound) minutes.")
        }
    }

    /// A scheduled event (or one being scheduled, or moved) must start in the future: Zoom
    /// would make a meeting in the past, and its reminders would all be skipped.
    public static func checkSchedulable(start: Date, now: Date) throws {
        guard start > now else { throw FieldProblem("start_time", "must be in the future to schedule the event.") }
    }
}
