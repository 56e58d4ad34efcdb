import Foundation
import LecternCore

/// Zoom meetings Lectern created but could not attach to a lesson or an event, and that Zoom
/// would not delete at once (`zoom_orphan_meetings`); the stuck-host duty deletes them later.
public struct OrphanMeetingRepository {
    let db: Connection

    public init(_ db: Connection) {
        self.db = db
    }

    public struct Orphan: Sendable, Equatable {
        public var id: Int64
        public var appID: Int64
        public var meetingID: String
        /// `meeting` or `webinar`.
        public var kind: String
        public var attempts: Int
    }

    /// Remembers a meeting to delete; recording the same meeting again changes nothing.
    public func record(appID: Int64, meetingID: String, kind: String = "meeting", reason: String) throws {
        try db.execute("""
            INSERT INTO zoom_orphan_meetings (app_id, meeting_id, kind, reason) VALUES (?, ?, ?, ?)
            ON DUPLICATE KEY UPDATE reason = VALUES(reason)
            """, [.int(appID), .text(meetingID), .text(kind), .text(reason)])
    }

    /// The meetings still to delete, oldest first.
    public func pending(limit: Int = 100) throws -> [Orphan] {
        try db.query("""
            SELECT id, app_id, meeting_id, kind, attempts FROM zoom_orphan_meetings ORDER BY id LIMIT ?
            """, [.int(limit)]).map { row in
            Orphan(id: try row.requiredInt("id"), appID: try row.requiredInt("app_id"),
                   meetingID: try row.requiredString("meeting_id"), kind: try row.required("kind", as: EventType.self).rawValue,
                   attempts: try row.requiredIntValue("attempts"))
        }
    }

    /// The meeting is gone from Zoom.
    public func remove(id: Int64) throws {
        try db.execute("DELETE FROM zoom_orphan_meetings WHERE id = ?", [.int(id)])
    }

    /// Another delete failed; the next run tries again.
    public func noteFailure(id: Int64, error: String) throws {
        try db.execute("UPDATE zoom_orphan_meetings SET attempts = attempts + 1, last_error = ? WHERE id = ?",
                       [.text(String(error.prefix(1000))), .int(id)])
    }
}
