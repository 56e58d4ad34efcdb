/// How event reminders sit in the notification outbox: kind `event_reminder`, one row per
/// event, recipient and offset, named by a dedupe key `event-reminder:{event}:{user}:{offset}`
/// so that queueing twice never makes two, and one event's (or one recipient's) unsent
/// reminders can be found by the key's prefix.
public enum EventReminder {
    public static let kind = "event_reminder"

    /// The key of one reminder.
    public static func dedupeKey(eventID: Int64, userID: Int64, offset: ReminderOffset) -> String {
        keyPrefix(eventID: eventID, userID: userID) + offset.rawValue
    }

    /// What every key of the event's reminders starts with.
    public static func keyPrefix(eventID: Int64) -> String {
        "event-reminder:\(eventID):"
    }

    /// What every key of one recipient's reminders of the event starts with.
    public static func keyPrefix(eventID: Int64, userID: Int64) -> String {
        "\(keyPrefix(eventID: eventID))\(userID):"
    }

    /// What every key of the event's reminders of one offset ends with.
    public static func keySuffix(_ offset: ReminderOffset) -> String {
        ":\(offset.rawValue)"
    }
}
