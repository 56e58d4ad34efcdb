import Foundation
import LecternCore

/// One-off and materialised lessons.
public struct LessonRepository {
    let db: Connection

    public init(_ db: Connection) {
        self.db = db
    }

    /// Where a page of the lesson list ends: the last lesson's start and id.
    public struct Cursor: Sendable, Equatable {
        public var start: Date
        public var id: Int64

        public init(start: Date, id: Int64) {
            self.start = start
            self.id = id
        }
    }

    /// What a new lesson is made of.
    public struct NewLesson: Sendable {
        public var title: String
        public var teacherID: Int64
        public var groupID: Int64
        public var start: Date
        public var end: Date
        public var topics: String?
        public var recordLesson: Bool

        public init(title: String, teacherID: Int64, groupID: Int64, start: Date, end: Date, topics: String?,
                    recordLesson: Bool) {
            self.title = title
            self.teacherID = teacherID
            self.groupID = groupID
            self.start = start
            self.end = end
            self.topics = topics
            self.recordLesson = recordLesson
        }
    }

    /// A lesson as the calendar shows it.
    public struct CalendarEntry: Sendable, Equatable {
        public var id: Int64
        public var title: String
        public var groupID: Int64?
        public var start: Date
        public var end: Date
        public var status: LessonStatus
        public var recurringLessonID: Int64?
        public var occurrenceDate: CalendarDay?
    }

    static let columns = """
        l.id, l.title, l.teacher_id, l.group_id, l.start_time, l.end_time, l.topics, l.record_lesson, l.status,
        l.zoom_meeting_id, l.zoom_join_url, l.zoom_password, l.zoom_start_url_enc, za.email AS account_email,
        l.recurring_lesson_id, l.occurrence_date, l.started_at
        """

    static let from = "lessons l LEFT JOIN zoom_accounts za ON za.id = l.zoom_account_id"

    static func record(from row: Row) throws -> LessonRecord {
        LessonRecord(
            id: try row.requiredInt("id"), title: try row.requiredString("title"),
            teacherID: try row.requiredInt("teacher_id"), groupID: row.int("group_id"),
            start: try row.requiredDate("start_time"), end: try row.requiredDate("end_time"),
            topics: row.string("topics"), recordLesson: try row.requiredBool("record_lesson"),
            status: try row.required("status", as: LessonStatus.self),
            zoomMeetingID: row.string("zoom_meeting_id"), zoomJoinURL: row.string("zoom_join_url"),
            zoomPassword: row.string("zoom_password"), zoomStartURLSealed: row.string("zoom_start_url_enc"),
            accountEmail: row.string("account_email"), recurringLessonID: row.int("recurring_lesson_id"),
            occurrenceDate: row.day("occurrence_date"), startedAt: row.date("started_at"))
    }

    public func find(id: Int64) throws -> LessonRecord? {
        try db.query("SELECT \(Self.columns) FROM \(Self.from) WHERE l.id = ?", [.int(id)]).first.map(Self.record(from:))
    }

    /// The lesson with this id, its row locked until the enclosing transaction ends (the
    /// pool host's row is left alone: pool capture locks those).
    public func findLocked(id: Int64) throws -> LessonRecord? {
        guard try !db.query("SELECT id FROM lessons WHERE id = ? FOR UPDATE", [.int(id)]).isEmpty else { return nil }
        return try find(id: id)
    }

    /// Visible lessons in (start, id) order after `cursor`, optionally of one group and
    /// starting within `starting`.
    public func list(scope: ScheduleScope, groupID: Int64?, starting: DateInterval?, after cursor: Cursor?,
                     limit: Int) throws -> [LessonRecord] {
        let visible = scope.condition(teacherColumn: "l.teacher_id", groupColumn: "l.group_id")
        var conditions = [visible.sql]
        var parameters = visible.parameters
        if let groupID {
            conditions.append("l.group_id = ?")
            parameters.append(.int(groupID))
        }
        if let starting {
            conditions.append("l.start_time >= ? AND l.start_time < ?")
            parameters += [.date(starting.start), .date(starting.end)]
        }
        if let cursor {
            conditions.append("(l.start_time > ? OR (l.start_time = ? AND l.id > ?))")
            parameters += [.date(cursor.start), .date(cursor.start), .int(cursor.id)]
        }
        return try db.query("""
            SELECT \(Self.columns) FROM \(Self.from) WHERE \(conditions.joined(separator: " AND "))
            ORDER BY l.start_time, l.id LIMIT ?
            """, parameters + [.int(limit)]).map(Self.record(from:))
    }

    public func insert(_ lesson: NewLesson) throws -> Int64 {
        try db.execute("""
            INSERT INTO lessons (title, teacher_id, group_id, start_time, end_time, topics, record_lesson)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [.text(lesson.title), .int(lesson.teacherID), .int(lesson.groupID), .date(lesson.start),
                  .date(lesson.end), .optional(lesson.topics), .bool(lesson.recordLesson)]).lastInsertID
    }

    /// Writes the plannable fields of a lesson (title, group, times, topics, recording).
    public func updatePlan(_ lesson: LessonRecord) throws {
        try db.execute("""
            UPDATE lessons SET title = ?, group_id = ?, start_time = ?, end_time = ?, topics = ?, record_lesson = ?
            WHERE id = ?
            """, [.text(lesson.title), .optional(lesson.groupID), .date(lesson.start), .date(lesson.end),
                  .optional(lesson.topics), .bool(lesson.recordLesson), .int(lesson.id)])
    }

    /// Cancels a scheduled lesson; `false` when it was not scheduled (any more).
    public func cancel(id: Int64) throws -> Bool {
        try db.execute("UPDATE lessons SET status = ? WHERE id = ? AND status = ?",
                       [.text(LessonStatus.cancelled.rawValue), .int(id), .text(LessonStatus.scheduled.rawValue)]).affectedRows == 1
    }

    /// Deletes a lesson that never ran in Zoom; `false` when it did (or is gone).
    public func deleteIfNeverStarted(id: Int64) throws -> Bool {
        let deletable = PlaceholderList.cases(LessonStatus.deletable)
        return try db.execute("""
            DELETE FROM lessons WHERE id = ? AND status IN (\(deletable.marks))
                AND started_at IS NULL AND zoom_meeting_id IS NULL
            """, [.int(id)] + deletable.values).affectedRows == 1
    }

    /// The lesson already made from occurrence `date` of a recurring lesson, if any.
    public func materialized(recurringLessonID: Int64, date: CalendarDay) throws -> Int64? {
        try db.query("SELECT id FROM lessons WHERE recurring_lesson_id = ? AND occurrence_date = ?",
                     [.int(recurringLessonID), .text(date.description)]).first?.int("id")
    }

    /// Stores the occurrence `date` of `recurring` as a lesson from `interval`, or finds the
    /// lesson an earlier call stored. Safe under concurrent calls: the unique key
    /// (recurring_lesson_id, occurrence_date) lets exactly one insert win.
    public func materialize(_ recurring: RecurringLessonRecord, date: CalendarDay,
                            interval: DateInterval) throws -> (id: Int64, created: Bool) {
        let result = try db.execute("""
            INSERT INTO lessons (title, teacher_id, group_id, start_time, end_time, topics, record_lesson,
                recurring_lesson_id, occurrence_date)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id)
            """, [.text(recurring.title), .int(recurring.teacherID), .int(recurring.groupID), .date(interval.start),
                  .date(interval.end), .optional(recurring.topics), .bool(recurring.recordLesson),
                  .int(recurring.id), .text(date.description)])
        return (result.lastInsertID, result.affectedRows == 1)
    }

    /// The calendar's lessons in one statement: visible lessons starting inside `window`,
    /// plus every lesson materialised from a visible recurring lesson on a local day from
    /// `first` to `last` wherever it was moved, so that its occurrence is not shown twice.
    /// The second part starts from the few recurring lessons (STRAIGHT_JOIN): the optimizer
    /// otherwise tends to scan all lessons when few are materialised. `UNION ALL`, and a
    /// lesson both parts find is kept once here: a plain `UNION` built a temporary table on
    /// every call.
    public func calendar(scope: ScheduleScope, window: DateInterval, first: CalendarDay,
                         last: CalendarDay) throws -> [CalendarEntry] {
        let query = Self.calendarQuery(scope: scope, window: window, first: first, last: last)
        var entries: [CalendarEntry] = []
        var seen = Set<Int64>()
        for row in try db.query(query.sql, query.parameters) {
            let id = try row.requiredInt("id")
            guard seen.insert(id).inserted else { continue }  // found by both parts
            entries.append(CalendarEntry(
                id: id, title: try row.requiredString("title"), groupID: row.int("group_id"),
                start: try row.requiredDate("start_time"), end: try row.requiredDate("end_time"),
                status: try row.required("status", as: LessonStatus.self),
                recurringLessonID: row.int("recurring_lesson_id"), occurrenceDate: row.day("occurrence_date")))
        }
        return entries
    }

    static func calendarQuery(scope: ScheduleScope, window: DateInterval, first: CalendarDay,
                              last: CalendarDay) -> (sql: String, parameters: [SQLValue]) {
        let lessons = scope.condition(teacherColumn: "l.teacher_id", groupColumn: "l.group_id")
        let rules = scope.condition(teacherColumn: "r.teacher_id", groupColumn: "r.group_id")
        let columns = "l.id, l.title, l.group_id, l.start_time, l.end_time, l.status, l.recurring_lesson_id, l.occurrence_date"
        let sql = """
            SELECT \(columns) FROM lessons l
            WHERE \(lessons.sql) AND l.start_time >= ? AND l.start_time < ?
            UNION ALL
            SELECT STRAIGHT_JOIN \(columns) FROM recurring_lessons r
            JOIN lessons l ON l.recurring_lesson_id = r.id AND l.occurrence_date BETWEEN ? AND ?
            WHERE \(rules.sql)
            """
        let parameters = lessons.parameters + [.date(window.start), .date(window.end),
                                               .text(first.description), .text(last.description)] + rules.parameters
        return (sql, parameters)
    }
}
