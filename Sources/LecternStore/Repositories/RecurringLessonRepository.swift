import Foundation
import LecternCore

/// A lesson that repeats weekly, as stored.
public struct RecurringLessonRecord: Sendable, Equatable {
    public var id: Int64
    public var title: String
    public var teacherID: Int64
    public var groupID: Int64
    public var rule: RecurrenceRule
    public var topics: String?
    public var recordLesson: Bool

    public init(id: Int64, title: String, teacherID: Int64, groupID: Int64, rule: RecurrenceRule, topics: String?,
                recordLesson: Bool) {
        self.id = id
        self.title = title
        self.teacherID = teacherID
        self.groupID = groupID
        self.rule = rule
        self.topics = topics
        self.recordLesson = recordLesson
    }
}

/// Recurring lessons.
public struct RecurringLessonRepository {
    let db: Connection

    public init(_ db: Connection) {
        self.db = db
    }

    static let columns = """
        r.id, r.title, r.teacher_id, r.group_id, r.day_of_week, r.start_time,
        r.duration_minutes, r.week_type, r.valid_from, r.valid_until, r.timezone, r.topics, r.record_lesson
        """

    static func record(from row: Row) throws -> RecurringLessonRecord {
        let zone = row.string("timezone").flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: "UTC")!
        let rule = RecurrenceRule(dayOfWeek: try row.requiredIntValue("day_of_week"),
                                  startTime: try row.requiredLocalTime("start_time"),
                                  durationMinutes: try row.requiredIntValue("duration_minutes"),
                                  weekType: try row.required("week_type", as: WeekType.self),
                                  validFrom: try row.requiredDay("valid_from"), validUntil: row.day("valid_until"),
                                  timeZone: zone)
        return RecurringLessonRecord(id: try row.requiredInt("id"), title: try row.requiredString("title"),
                                     teacherID: try row.requiredInt("teacher_id"), groupID: try row.requiredInt("group_id"),
                                     rule: rule, topics: row.string("topics"), recordLesson: try row.requiredBool("record_lesson"))
    }

    public func find(id: Int64) throws -> RecurringLessonRecord? {
        try db.query("SELECT \(Self.columns) FROM recurring_lessons r WHERE r.id = ?", [.int(id)])
            .first.map(Self.record(from:))
    }

    /// Visible recurring lessons with ids above `afterID`, in id order.
    public func list(scope: ScheduleScope, afterID: Int64, limit: Int) throws -> [RecurringLessonRecord] {
        let visible = scope.condition(teacherColumn: "r.teacher_id", groupColumn: "r.group_id")
        return try db.query("""
            SELECT \(Self.columns) FROM recurring_lessons r WHERE \(visible.sql) AND r.id > ? ORDER BY r.id LIMIT ?
            """, visible.parameters + [.int(afterID), .int(limit)]).map(Self.record(from:))
    }

    /// Every visible recurring lesson valid at some point between `first` and `last`
    /// (local days, with a day's margin for time zones).
    public func active(scope: ScheduleScope, first: CalendarDay, last: CalendarDay) throws -> [RecurringLessonRecord] {
        let query = Self.activeQuery(scope: scope, first: first, last: last)
        return try db.query(query.sql, query.parameters).map(Self.record(from:))
    }

    static func activeQuery(scope: ScheduleScope, first: CalendarDay,
                            last: CalendarDay) -> (sql: String, parameters: [SQLValue]) {
        let visible = scope.condition(teacherColumn: "r.teacher_id", groupColumn: "r.group_id")
        let sql = """
            SELECT \(columns) FROM recurring_lessons r
            WHERE \(visible.sql) AND r.valid_from <= ? AND (r.valid_until IS NULL OR r.valid_until >= ?)
            """
        // Kept within the days a DATE holds: MariaDB matches no row against 10000-01-01.
        let bounds = [InputBounds.storable(last.adding(days: 1)), InputBounds.storable(first.adding(days: -1))]
        return (sql, visible.parameters + bounds.map { .text($0.description) })
    }

    /// Stores a new recurring lesson (its `id` is ignored) and returns its id.
    public func insert(_ record: RecurringLessonRecord) throws -> Int64 {
        try db.execute("""
            INSERT INTO recurring_lessons (title, teacher_id, group_id, day_of_week, start_time, duration_minutes,
                week_type, valid_from, valid_until, timezone, topics, record_lesson)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, Self.values(record)).lastInsertID
    }

    /// Overwrites every field of an existing recurring lesson.
    public func update(_ record: RecurringLessonRecord) throws {
        try db.execute("""
            UPDATE recurring_lessons SET title = ?, teacher_id = ?, group_id = ?, day_of_week = ?, start_time = ?,
                duration_minutes = ?, week_type = ?, valid_from = ?, valid_until = ?, timezone = ?, topics = ?,
                record_lesson = ?
            WHERE id = ?
            """, Self.values(record) + [.int(record.id)])
    }

    /// Deletes a recurring lesson. Its materialised lessons stay, as one-off lessons.
    public func delete(id: Int64) throws -> Bool {
        try db.transaction { tx in
            try tx.execute("UPDATE lessons SET recurring_lesson_id = NULL WHERE recurring_lesson_id = ?", [.int(id)])
            return try tx.execute("DELETE FROM recurring_lessons WHERE id = ?", [.int(id)]).affectedRows == 1
        }
    }

    private static func values(_ record: RecurringLessonRecord) -> [SQLValue] {
        let rule = record.rule
        return [.text(record.title), .int(record.teacherID), .int(record.groupID), .int(rule.dayOfWeek),
                .text(rule.startTime.description + ":00"), .int(rule.durationMinutes), .text(rule.weekType.rawValue),
                .text(rule.validFrom.description), .optional(rule.validUntil?.description),
                .text(rule.timeZone.ianaName), .optional(record.topics), .bool(record.recordLesson)]
    }
}
