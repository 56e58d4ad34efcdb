import Foundation

/// The start and end of a one-off lesson, given as an end time or as a duration.
public enum LessonTiming {
    /// A lesson lasts at most a day.
    public static let maxSeconds: TimeInterval = 86_400

    /// The end of a lesson starting at `start`: `end` or `start + durationMinutes`, which
    /// must be after the start and at most a day later. Exactly one of the two is given.
    public static func end(start: Date, end: Date?, durationMinutes: Int?) throws -> Date {
        switch (end, durationMinutes) {
        case (nil, nil):
            throw FieldProblem("end_time", "give end_time or duration.")
        case (.some, .some):
            throw FieldProblem("duration", "give end_time or duration, not both.")
        case (nil, let minutes?):
            guard RecurrenceRule.durationRange.contains(minutes) else {
                throw FieldProblem("duration", "must be 1 to 1440 minutes.")
            }
            return start.addingTimeInterval(TimeInterval(minutes * 60))
        case (let end?, nil):
            try check(start: start, end: end)
            return end
        }
    }

    /// Checks an existing lesson's start and end after one of them changed.
    public static func check(start: Date, end: Date) throws {
        guard end > start else { throw FieldProblem("end_time", "must be after start_time.") }
        guard end.timeIntervalSince(start) <= maxSeconds else {
            throw FieldProblem("end_time", "a lesson lasts at most 24 hours.")
        }
    }
}
