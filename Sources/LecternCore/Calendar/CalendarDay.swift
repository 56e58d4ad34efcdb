import Foundation

/// A day of the proleptic Gregorian calendar with no time and no time zone, such as a lesson's
/// `occurrence_date` or a `from=2025-01-13` query parameter.
///
/// Stored as a day number so that arithmetic and comparison are plain integer maths; the
/// time zone enters only when a day is turned into instants (``start(in:)``).
public struct CalendarDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let dayNumber: Int

    public init(dayNumber: Int) {
        self.dayNumber = dayNumber
    }

    /// The day of a valid year, month and day; `nil` for impossible dates such as February 30.
    public init?(year: Int, month: Int, day: Int) {
        guard GregorianDays.isValid(year: year, month: month, day: day) else { return nil }
        self.init(dayNumber: GregorianDays.dayNumber(year: year, month: month, day: day))
    }

    /// Parses `YYYY-MM-DD` exactly (no time, no lax forms, no impossible days).
    public init?(parsing text: String) {
        guard let date = try? Self.format.parse(text), Self.format.format(date) == text else { return nil }
        self.init(dayNumber: Self.dayNumber(of: date))
    }

    /// The local calendar day that `instant` falls on in `timeZone`.
    public init(containing instant: Date, in timeZone: TimeZone) {
        let seconds = Int64(instant.timeIntervalSince1970.rounded(.down))
        let local = seconds + Int64(ZoneOffsets.offset(of: timeZone, at: seconds))
        self.init(dayNumber: GregorianDays.split(secondsSince1970: local).dayNumber)
    }

    public var year: Int { GregorianDays.date(dayNumber: dayNumber).year }
    public var month: Int { GregorianDays.date(dayNumber: dayNumber).month }
    public var day: Int { GregorianDays.date(dayNumber: dayNumber).day }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var weekday: Int {
        // 1970-01-01 was a Thursday (4).
        Self.floorMod(dayNumber + 3, 7) + 1
    }

    /// The Monday of the Monday–Sunday week this day belongs to.
    public var monday: CalendarDay { adding(days: 1 - weekday) }

    public func adding(days: Int) -> CalendarDay {
        CalendarDay(dayNumber: dayNumber + days)
    }

    /// Whole days from `other` to this day (negative when this day is earlier).
    public func days(since other: CalendarDay) -> Int {
        dayNumber - other.dayNumber
    }

    /// The first instant of this day in `timeZone` (local midnight, or the first local time
    /// after a transition that skips midnight).
    public func start(in timeZone: TimeZone) -> Date {
        if let instant = ZoneOffsets.instant(ofLocal: Int64(dayNumber) * 86_400, in: timeZone) {
            return Date(timeIntervalSince1970: TimeInterval(instant))
        }
        let calendar = Self.calendar(timeZone)
        // Noon always exists, so it names the day even where midnight was skipped.
        let noon = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: 12))!
        return calendar.startOfDay(for: noon)
    }

    /// The instant `time` on this day in `timeZone`. A local time skipped by a DST change
    /// moves forward by the gap (02:30 on a spring-forward night is 03:30); a repeated one
    /// is its first occurrence.
    public func instant(at time: LocalTime, in timeZone: TimeZone) -> Date {
        let local = Int64(dayNumber) * 86_400 + Int64(time.minutesIntoDay) * 60
        if let instant = ZoneOffsets.instant(ofLocal: local, in: timeZone) {
            return Date(timeIntervalSince1970: TimeInterval(instant))
        }
        // Within a day of a transition: Calendar knows what a skipped or repeated time means.
        return Self.calendar(timeZone).date(from: DateComponents(
            year: year, month: month, day: day, hour: time.hour, minute: time.minute))!
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        let date = GregorianDays.date(dayNumber: dayNumber)
        let year = String(date.year)
        let paddedYear = date.year >= 0 && year.count < 4 ? String(repeating: "0", count: 4 - year.count) + year : year
        return paddedYear + (date.month < 10 ? "-0" : "-") + String(date.month) + (date.day < 10 ? "-0" : "-") + String(date.day)
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        lhs.dayNumber < rhs.dayNumber
    }

    /// A Gregorian calendar that works in `timeZone`.
    public static func calendar(_ timeZone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    static func floorMod(_ value: Int, _ divisor: Int) -> Int {
        let remainder = value % divisor
        return remainder < 0 ? remainder + divisor : remainder
    }

    private static let utcZone = TimeZone(identifier: "UTC")!
    private static let format = Date.ISO8601FormatStyle(dateSeparator: .dash, timeZone: utcZone).year().month().day()

    private static func dayNumber(of utcMidnight: Date) -> Int {
        Int((utcMidnight.timeIntervalSince1970 / 86_400).rounded(.down))
    }
}

extension CalendarDay: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let day = CalendarDay(parsing: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a date YYYY-MM-DD.")
        }
        self = day
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
