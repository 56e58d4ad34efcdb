import Foundation
import LecternCore

/// The Zoom side of lessons: the meeting a start made, the status it moves through, and
/// quick-start's express lessons. Planning fields belong to ``LessonRepository``.
public struct LessonMeetingRepository {
    let db: Connection

    public init(_ db: Connection) {
        self.db = db
    }

    /// What starting or ending a lesson needs to know.
    public struct State: Sendable, Equatable {
        public var id: Int64
        public var teacherID: Int64
        public var title: String
        public var topics: String?
        public var start: Date
        public var end: Date
        public var recordLesson: Bool
        public var status: LessonStatus
        public var meetingID: String?
        public var uuid: String?
        public var startURLSealed: String?
        public var joinURL: String?
        public var password: String?
        public var appID: Int64?
        public var accountEmail: String?
        /// The recurring lesson's time zone, else the teacher's.
        public var timezone: String
        /// The start or end claim, if one was taken and not cleared (it may have expired).
        public var claimToken: String?
        public var claimUntil: Date?

        /// Whether another press's claim keeps this one out at `now`.
        public func claimHeld(at now: Date) -> Bool {
            StartClaim.isHeld(until: claimUntil, token: claimToken, now: now)
        }
    }

    /// The lesson's state with its row locked until the transaction ends. Only the lesson row
    /// is locked: the host, teacher and recurring rows are read, not locked.
    public func lockedState(lessonID: Int64) throws -> State? {
        precondition(db.inTransaction, "the lesson lock needs a transaction")
        guard try !db.query("SELECT id FROM lessons WHERE id = ? FOR UPDATE", [.int(lessonID)]).isEmpty else { return nil }
        return try state(lessonID: lessonID)
    }

    public func state(lessonID: Int64) throws -> State? {
        try db.query("""
            SELECT l.id, l.teacher_id, l.title, l.topics, l.start_time, l.end_time, l.record_lesson, l.status,
                   l.zoom_meeting_id, l.zoom_uuid, l.zoom_start_url_enc, l.zoom_join_url, l.zoom_password,
                   l.zoom_app_id, a.email AS account_email, COALESCE(r.timezone, u.timezone) AS timezone,
                   l.start_claim, l.start_claim_until
            FROM lessons l JOIN users u ON u.id = l.teacher_id
            LEFT JOIN zoom_accounts a ON a.id = l.zoom_account_id
            LEFT JOIN recurring_lessons r ON r.id = l.recurring_lesson_id
            WHERE l.id = ?
            """, [.int(lessonID)]).first.map { row in
            State(id: try row.requiredInt("id"), teacherID: try row.requiredInt("teacher_id"),
                  title: try row.requiredString("title"), topics: row.string("topics"),
                  start: try row.requiredDate("start_time"), end: try row.requiredDate("end_time"),
                  recordLesson: try row.requiredBool("record_lesson"), status: try row.required("status", as: LessonStatus.self),
                  meetingID: row.string("zoom_meeting_id"), uuid: row.string("zoom_uuid"),
                  startURLSealed: row.string("zoom_start_url_enc"), joinURL: row.string("zoom_join_url"),
                  password: row.string("zoom_password"), appID: row.int("zoom_app_id"),
                  accountEmail: row.string("account_email"), timezone: row.string("timezone") ?? "UTC",
                  claimToken: row.string("start_claim"), claimUntil: row.date("start_claim_until"))
        }
    }

    /// A meeting created for a lesson.
    public struct Meeting: Sendable {
        public var meetingID: String
        public var uuid: String?
        public var startURLSealed: String
        public var joinURL: String
        public var password: String?
        public var appID: Int64
        public var accountID: Int64?

        public init(meetingID: String, uuid: String?, startURLSealed: String, joinURL: String, password: String?,
                    appID: Int64, accountID: Int64?) {
            self.meetingID = meetingID
            self.uuid = uuid
            self.startURLSealed = startURLSealed
            self.joinURL = joinURL
            self.password = password
            self.appID = appID
            self.accountID = accountID
        }
    }

    /// Takes the lesson's start/end claim (the caller holds the row lock and has checked that
    /// no other claim is held).
    public func takeClaim(lessonID: Int64, _ claim: StartClaim) throws {
        try db.execute("UPDATE lessons SET start_claim = ?, start_claim_until = ? WHERE id = ?",
                       [.text(claim.token), .date(claim.until), .int(lessonID)])
    }

    /// Clears the claim if it is still `token`'s; `false` when another press holds it now.
    @discardableResult
    public func clearClaim(lessonID: Int64, token: String) throws -> Bool {
        try db.execute("""
            UPDATE lessons SET start_claim = NULL, start_claim_until = NULL WHERE id = ? AND start_claim = ?
            """, [.int(lessonID), .text(token)]).affectedRows == 1
    }

    /// Stores the meeting, makes the lesson live and clears the claim, all only while the
    /// claim is still `token`'s (the fence against a press that was taken over); `false`
    /// when it is not.
    public func storeMeeting(lessonID: Int64, _ meeting: Meeting, token: String, now: Date) throws -> Bool {
        try db.execute("""
            UPDATE lessons SET status = 'live', zoom_meeting_id = ?, zoom_uuid = ?, zoom_start_url_enc = ?,
                zoom_join_url = ?, zoom_password = ?, zoom_app_id = ?, zoom_account_id = ?,
                started_at = COALESCE(started_at, ?), start_claim = NULL, start_claim_until = NULL
            WHERE id = ? AND start_claim = ?
            """, [.text(meeting.meetingID), .optional(meeting.uuid), .text(meeting.startURLSealed),
                  .text(meeting.joinURL), .optional(meeting.password), .int(meeting.appID),
                  .optional(meeting.accountID), .date(now), .int(lessonID), .text(token)]).affectedRows == 1
    }

    /// Ends a scheduled or live lesson; `false` when it was not (any more).
    @discardableResult
    public func markEnded(lessonID: Int64, now: Date) throws -> Bool {
        let ending = PlaceholderList.cases(LessonStatus.endedByMeeting)
        return try db.execute("""
            UPDATE lessons SET status = ?, ended_at = ?, start_claim = NULL, start_claim_until = NULL
            WHERE id = ? AND status IN (\(ending.marks))
            """, [.text(LessonStatus.ended.rawValue), .date(now), .int(lessonID)] + ending.values).affectedRows == 1
    }

    /// Ends lessons that are live (used when their host is taken back).
    public func endLive(lessonIDs: [Int64], now: Date) throws {
        guard !lessonIDs.isEmpty else { return }
        try db.execute("""
            UPDATE lessons SET status = 'ended', ended_at = ?
            WHERE status = 'live' AND id IN (\(PlaceholderList.marks(lessonIDs.count)))
            """, [.date(now)] + lessonIDs.map { SQLValue.int($0) })
    }

    /// A quick-start lesson: no schedule, starting now.
    public func insertExpress(title: String, teacherID: Int64, groupID: Int64?, start: Date, end: Date) throws -> Int64 {
        try db.execute("""
            INSERT INTO lessons (title, teacher_id, group_id, start_time, end_time) VALUES (?, ?, ?, ?, ?)
            """, [.text(title), .int(teacherID), .optional(groupID), .date(start), .date(end)]).lastInsertID
    }

    /// Removes an express lesson whose start failed, unless a meeting was stored after all.
    public func deleteUnstarted(lessonID: Int64) throws {
        try db.execute("DELETE FROM lessons WHERE id = ? AND zoom_meeting_id IS NULL AND status = 'scheduled'",
                       [.int(lessonID)])
    }
}
