import Foundation
import LecternCore
import LecternStore

/// Turns one occurrence of a recurring lesson into a real lesson, once: a second call,
/// or a concurrent one from another worker, gets the same lesson.
///
/// `POST …/recurring-lessons/{id}/occurrences/{date}/start-new/` materialises with this,
/// then starts the lesson like any other.
public struct OccurrenceMaterializer {
    let db: Connection
    let parity: WeekParity

    public init(db: Connection, configuration: Configuration, now: Date) {
        self.db = db
        self.parity = configuration.weekParity(now: now)
    }

    /// The id of the lesson for occurrence `date` (a local day in the recurring lesson's
    /// time zone), creating it if needed. The recurring lesson's teacher and admins may do
    /// this; a student of its group gets a 403, anyone else a 404, as does a date on which
    /// the recurring lesson does not meet.
    public func materialize(recurringLessonID: Int64, date: CalendarDay, by user: User) throws -> Int64 {
        try materializeReportingCreation(recurringLessonID: recurringLessonID, date: date, by: user).id
    }

    /// ``materialize(recurringLessonID:date:by:)``, also telling whether this call created the lesson.
    public func materializeReportingCreation(recurringLessonID: Int64, date: CalendarDay,
                                             by user: User) throws -> (id: Int64, created: Bool) {
        let recurring = try ScheduleObjects(db: db, user: user).recurringLesson(recurringLessonID, .write)
        let lessons = LessonRepository(db)
        // A lesson made before the rule changed stays that occurrence's lesson.
        if let existing = try lessons.materialized(recurringLessonID: recurring.id, date: date) {
            return (existing, false)
        }
        guard recurring.rule.occurs(on: date, parity: parity) else {
            throw APIError(404, "no_occurrence", "Recurring lesson \(recurring.id) does not meet on \(date).")
        }
        let interval = recurring.rule.interval(on: date)
        // A day near either end of the years stored can meet outside them in UTC.
        guard interval.start >= InputBounds.earliestInstant, interval.end <= InputBounds.latestInstant else {
            throw APIError.badRequest("date: the occurrence on \(date) falls outside 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z.")
        }
        return try lessons.materialize(recurring, date: date, interval: interval)
    }
}
