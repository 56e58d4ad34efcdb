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
            let end = start.addingTimeInterval(TimeInterval(try InputBounds.duration(minutes) * 60))
            guard end <= InputBounds.latestInstant else {
                throw FieldProblem("duration", "the lesson would end after 9999-12-31T23:59:59Z.")
            }
            return end
        case (let end?, nil):
            try check(start: start, end: end)
            return end
        }
    }

    /// Checks a lesson's start and end after one of them changed: the end within a day
    /// after the start, and no later than the last instant stored.
    public static func check(start: Date, end: Date) throws {
        guard end > start else { throw FieldProblem("end_time", "must be after start_time.") }
        guard end.timeIntervalSince(start) <= maxSeconds else {
            throw FieldProblem("end_time", "a lesson lasts at most 24 hours.")
        }
        _ = try InputBounds.instant(end, field: "end_time")
    }
}
