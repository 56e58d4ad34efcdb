import Foundation

/// A wall-clock time of day, to the minute, such as a recurring lesson's start `10:00`.
public struct LocalTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let hour: Int
    public let minute: Int

    /// A time with `hour` in 0…23 and `minute` in 0…59.
    public init?(hour: Int, minute: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        self.hour = hour
        self.minute = minute
    }

    /// Parses `HH:MM` exactly (24-hour clock, two digits each).
    public init?(parsing text: String) {
        guard let date = try? Self.strategy.parse(text) else { return nil }
        let parts = Self.utc.dateComponents([.hour, .minute], from: date)
        guard let hour = parts.hour, let minute = parts.minute else { return nil }
        self.init(hour: hour, minute: minute)
        guard description == text else { return nil }
    }

    /// Minutes since midnight.
    public var minutesIntoDay: Int { hour * 60 + minute }

    /// `HH:MM`.
    public var description: String {
        (hour < 10 ? "0" : "") + String(hour) + (minute < 10 ? ":0" : ":") + String(minute)
    }

    public static func < (lhs: LocalTime, rhs: LocalTime) -> Bool {
        lhs.minutesIntoDay < rhs.minutesIntoDay
    }

    private static let utcZone = TimeZone(identifier: "UTC")!
    private static let utc = CalendarDay.calendar(utcZone)
    private static let posix = Locale(identifier: "en_US_POSIX")
    private static let pattern: Date.FormatString =
        "\(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased)):\(minute: .twoDigits)"
    private static let strategy = Date.ParseStrategy(format: pattern, locale: posix, timeZone: utcZone, isLenient: false)
}

extension LocalTime: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let time = LocalTime(parsing: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a time HH:MM.")
        }
        self = time
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
