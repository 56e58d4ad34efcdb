import Foundation

/// The subject and body of one event reminder, with the start shown in the recipient's zone.
public struct EventReminderText: Sendable, Equatable {
    public var subject: String
    public var body: String

    /// Titles are cut to this many characters in the subject (the outbox keeps 300).
    public static let maxSubjectTitle = 200

    /// - Parameters:
    ///   - joinURL: the meeting's join link; `nil` leaves the line out.
    ///   - zone: the recipient's time zone.
    public init(title: String, start: Date, durationMinutes: Int, joinURL: String?, offset: ReminderOffset,
                zone: TimeZone) {
        subject = "Reminder: \(title.prefix(Self.maxSubjectTitle)) starts in \(offset.phrase)"
        var lines = ["\(title) starts on \(Self.localMinute(start, zone)) (\(zone.ianaName)) and lasts \(durationMinutes) minutes."]
        if let joinURL { lines.append("Join: \(joinURL)") }
        body = lines.joined(separator: "\n")
    }

    /// `YYYY-MM-DD HH:mm` in `zone`.
    static func localMinute(_ date: Date, _ zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
                      parts.hour ?? 0, parts.minute ?? 0)
    }
}
