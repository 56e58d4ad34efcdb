import Foundation

/// Names one occurrence of a recurring lesson: the lesson and the local day it falls on.
/// A materialised lesson carries the same pair (`recurring_lesson_id`, `occurrence_date`).
public struct OccurrenceKey: Hashable, Sendable {
    public var recurringLessonID: Int64
    public var date: CalendarDay

    public init(recurringLessonID: Int64, date: CalendarDay) {
        self.recurringLessonID = recurringLessonID
        self.date = date
    }
}

/// A virtual meeting of a recurring lesson, computed rather than stored.
public struct Occurrence: Sendable, Equatable {
    public var key: OccurrenceKey
    public var start: Date
    public var end: Date

    public init(key: OccurrenceKey, start: Date, end: Date) {
        self.key = key
        self.start = start
        self.end = end
    }
}
