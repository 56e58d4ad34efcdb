import Foundation
import LecternCore

/// Event reminders in the outbox (kind `event_reminder`), one per event, recipient and
/// offset, found by their dedupe keys (``EventReminder``). Recipients are the event's host
/// and participants; texts are written per recipient time zone, so every statement here
/// works on the recipients of one zone at a time. Only unsent reminders are ever changed.
extension NotificationRepository {
    /// The time zones (`users.timezone`) of the event's host and participants.
    public func eventRecipientZones(eventID: Int64, hostID: Int64) throws -> [String] {
        try db.query("""
            SELECT DISTINCT u.timezone FROM users u
            WHERE u.id = ? OR u.id IN (SELECT ep.user_id FROM event_participants ep WHERE ep.event_id = ?)
            ORDER BY u.timezone
            """, [.int(hostID), .int(eventID)]).map { try $0.requiredString("timezone") }
    }

    /// The reminders of `offset` for the recipients in `zone`: unsent ones move to `due`
    /// with this text, and recipients without one get one. Returns how many were added.
    @discardableResult
    public func queueEventReminders(eventID: Int64, hostID: Int64, offset: ReminderOffset, due: Date, zone: String,
                                    subject: String, body: String) throws -> Int {
        try db.transaction { tx in
            try tx.execute("""
                UPDATE notifications n JOIN users u ON u.id = n.recipient_user_id
                SET n.due_at = ?, n.subject = ?, n.body = ?
                WHERE n.dedupe_key LIKE ? AND n.sent_at IS NULL AND u.timezone = ?
                """, [.date(due), .text(subject), .text(body), .text(Self.pattern(eventID, offset)), .text(zone)])
            return Int(try tx.execute("""
                INSERT IGNORE INTO notifications (kind, recipient_user_id, recipient_email, subject, body, due_at, dedupe_key)
                SELECT ?, u.id, u.email, ?, ?, ?, CONCAT(?, u.id, ?)
                FROM users u
                WHERE u.timezone = ?
                    AND (u.id = ? OR u.id IN (SELECT ep.user_id FROM event_participants ep WHERE ep.event_id = ?))
                """, [.text(EventReminder.kind), .text(subject), .text(body), .date(due),
                      .text(EventReminder.keyPrefix(eventID: eventID)), .text(EventReminder.keySuffix(offset)),
                      .text(zone), .int(hostID), .int(eventID)]).affectedRows)
        }
    }

    /// Rewrites the text of the unsent reminders of `offset` for the recipients in `zone`.
    public func refreshEventReminders(eventID: Int64, offset: ReminderOffset, zone: String, subject: String,
                                      body: String) throws {
        try db.execute("""
            UPDATE notifications n JOIN users u ON u.id = n.recipient_user_id
            SET n.subject = ?, n.body = ?
            WHERE n.dedupe_key LIKE ? AND n.sent_at IS NULL AND u.timezone = ?
            """, [.text(subject), .text(body), .text(Self.pattern(eventID, offset)), .text(zone)])
    }

    /// Removes the event's unsent reminders of `offset`.
    public func dropEventReminders(eventID: Int64, offset: ReminderOffset) throws {
        try db.execute("DELETE FROM notifications WHERE dedupe_key LIKE ? AND sent_at IS NULL",
                       [.text(Self.pattern(eventID, offset))])
    }

    /// Removes every unsent reminder of the event.
    public func dropEventReminders(eventID: Int64) throws {
        try db.execute("DELETE FROM notifications WHERE dedupe_key LIKE ? AND sent_at IS NULL",
                       [.text(EventReminder.keyPrefix(eventID: eventID) + "%")])
    }

    /// Removes one recipient's unsent reminders of the event.
    public func dropEventReminders(eventID: Int64, userID: Int64) throws {
        try db.execute("DELETE FROM notifications WHERE dedupe_key LIKE ? AND sent_at IS NULL",
                       [.text(EventReminder.keyPrefix(eventID: eventID, userID: userID) + "%")])
    }

    /// Every key of the event's reminders of `offset`; the prefix keeps the unique index usable.
    /// The keys hold no `%` or `_`, so nothing needs escaping.
    private static func pattern(_ eventID: Int64, _ offset: ReminderOffset) -> String {
        EventReminder.keyPrefix(eventID: eventID) + "%" + EventReminder.keySuffix(offset)
    }
}
