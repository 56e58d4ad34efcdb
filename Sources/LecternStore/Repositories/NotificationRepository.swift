import Foundation

/// `notifications`: the outbox that the every-minute duty sends (by mail when configured).
public struct NotificationRepository {
    let db: Connection

    public init(_ db: Connection) {
        self.db = db
    }

    /// Tells every student of the lesson's group, once per lesson, that its recording is on Drive.
    /// Returns how many notifications were queued by this call.
    @discardableResult
    public func queueRecordingReady(lessonID: Int64, groupID: Int64, subject: String, body: String,
                                    now: Date) throws -> Int {
        Int(try db.execute("""
            INSERT IGNORE INTO notifications (kind, recipient_user_id, recipient_email, subject, body, due_at, dedupe_key)
            SELECT 'recording_ready', u.id, u.email, ?, ?, ?, CONCAT('recording-ready:', ?, ':', u.id)
            FROM group_members gm JOIN users u ON u.id = gm.student_id
            WHERE gm.group_id = ?
            """, [.text(subject), .text(body), .date(now), .int(lessonID), .int(groupID)]).affectedRows)
    }
}
