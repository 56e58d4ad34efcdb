import Foundation

/// `notifications`: the outbox that the every-minute duty sends (by mail when configured).
///
/// Sending claims rows first: a claim marks up to a batch of due rows with the claimer and a
/// short lease (`claimed_by`, `claimed_until`) in one `FOR UPDATE SKIP LOCKED` transaction, so
/// two processes never hold the same row. The claimer renews a row's lease just before sending
/// it (``renewClaim(id:holder:leaseSeconds:)``), which fails once another process has taken
/// the row over after the lease ran out.
public struct NotificationRepository {
    let db: Connection

    public init(_ db: Connection) {
        self.db = db
    }

    /// Tells every student of the lesson's group, once per meeting of the lesson, that its
    /// recording is on Drive. Returns how many notifications were queued by this call.
    @discardableResult
    public func queueRecordingReady(lessonID: Int64, meetingUUID: String, groupID: Int64, subject: String, body: String,
                                    now: Date) throws -> Int {
        Int(try db.execute("""
            INSERT IGNORE INTO notifications (kind, recipient_user_id, recipient_email, subject, body, due_at, dedupe_key)
            SELECT 'recording_ready', u.id, u.email, ?, ?, ?, CONCAT('recording-ready:', ?, ':', ?, ':', u.id)
            FROM group_members gm JOIN users u ON u.id = gm.student_id
            WHERE gm.group_id = ?
            """, [.text(subject), .text(body), .date(now), .int(lessonID), .text(meetingUUID), .int(groupID)]).affectedRows)
    }

    /// A notification claimed for sending.
    public struct Claimed: Sendable {
        public var id: Int64
        public var kind: String
        public var recipientEmail: String
        public var subject: String
        public var body: String
        /// Sends tried before this claim.
        public var attempts: Int
        /// Seconds since its due time, by the database's clock.
        public var overdueSeconds: Int64
        public var createdAt: Date?
    }

    /// Claims up to `limit` due rows (unsent, not given up, past any retry time, not under
    /// another live claim), oldest due first, for `holder` for `leaseSeconds`.
    public func claimDue(holder: String, limit: Int, leaseSeconds: Int) throws -> [Claimed] {
        try db.transaction { tx in
            let rows = try tx.query("""
                SELECT id, kind, recipient_email, subject, body, attempts, created_at,
                       TIMESTAMPDIFF(SECOND, due_at, UTC_TIMESTAMP(6)) AS overdue
                FROM notifications
                WHERE sent_at IS NULL AND failed_at IS NULL AND due_at <= UTC_TIMESTAMP(6)
                  AND (retry_at IS NULL OR retry_at <= UTC_TIMESTAMP(6))
                  AND (claimed_until IS NULL OR claimed_until < UTC_TIMESTAMP(6))
                ORDER BY due_at, id LIMIT ?
                FOR UPDATE SKIP LOCKED
                """, [.int(Int64(limit))])
            let claimed = try rows.map { row in
                Claimed(id: try row.requiredInt("id"), kind: try row.requiredString("kind"),
                        recipientEmail: try row.requiredString("recipient_email"), subject: try row.requiredString("subject"),
                        body: try row.requiredString("body"), attempts: try row.requiredIntValue("attempts"),
                        overdueSeconds: try row.requiredInt("overdue"), createdAt: row.date("created_at"))
            }
            guard !claimed.isEmpty else { return [] }
            try tx.execute("""
                UPDATE notifications SET claimed_by = ?, claimed_until = UTC_TIMESTAMP(6) + INTERVAL ? SECOND
                WHERE id IN (\(PlaceholderList.marks(claimed.count)))
                """, [.text(holder), .int(Int64(leaseSeconds))] + claimed.map { .int($0.id) })
            return claimed
        }
    }

    /// Extends `holder`'s claim on an unsent row to `leaseSeconds` from now; `false` when the
    /// row is no longer `holder`'s to send (another process took it over, or it was sent).
    public func renewClaim(id: Int64, holder: String, leaseSeconds: Int) throws -> Bool {
        try db.execute("""
            UPDATE notifications SET claimed_until = UTC_TIMESTAMP(6) + INTERVAL ? SECOND
            WHERE id = ? AND claimed_by = ? AND sent_at IS NULL AND failed_at IS NULL
            """, [.int(Int64(leaseSeconds)), .int(id), .text(holder)]).affectedRows == 1
    }

    /// Records a send the server accepted (whoever holds the claim now: the mail is out).
    /// `false` when the row was already marked sent.
    @discardableResult
    public func markSent(id: Int64) throws -> Bool {
        try db.execute("""
            UPDATE notifications SET sent_at = UTC_TIMESTAMP(6), attempts = attempts + 1,
                claimed_by = NULL, claimed_until = NULL, retry_at = NULL
            WHERE id = ? AND sent_at IS NULL
            """, [.int(id)]).affectedRows == 1
    }

    /// Records a failed send: one more attempt and its error; the row is tried again after
    /// `retryAfterSeconds`, or given up for good (`failed_at`) when that is `nil`.
    @discardableResult
    public func markFailed(id: Int64, holder: String, error: String, retryAfterSeconds: Int64?) throws -> Bool {
        let retry: SQLValue = retryAfterSeconds.map { .int($0) } ?? .null
        return try db.execute("""
            UPDATE notifications SET attempts = attempts + 1, last_error = ?,
                retry_at = IF(? IS NULL, NULL, UTC_TIMESTAMP(6) + INTERVAL ? SECOND),
                failed_at = IF(? IS NULL, UTC_TIMESTAMP(6), NULL),
                claimed_by = NULL, claimed_until = NULL
            WHERE id = ? AND claimed_by = ? AND sent_at IS NULL
            """, [.text(error), retry, retry, retry, .int(id), .text(holder)]).affectedRows == 1
    }

    /// Gives a row up without trying it (`failed_at` set, attempts unchanged), saying why.
    @discardableResult
    public func markSkipped(id: Int64, holder: String, reason: String) throws -> Bool {
        try db.execute("""
            UPDATE notifications SET failed_at = UTC_TIMESTAMP(6), last_error = ?, claimed_by = NULL, claimed_until = NULL
            WHERE id = ? AND claimed_by = ? AND sent_at IS NULL
            """, [.text(reason), .int(id), .text(holder)]).affectedRows == 1
    }
}
