import Foundation

/// The text form of DATETIME/TIMESTAMP values as they cross the wire, always UTC.
enum SQLTimestamp {
    private static let utc = TimeZone(secondsFromGMT: 0)!

    private static let dateTime = Date.ISO8601FormatStyle(
        dateSeparator: .dash, dateTimeSeparator: .space, timeZone: utc
    ).year().month().day().time(includingFractionalSeconds: false)

    // Parses with or without the fraction, to the microsecond.
    private static let dateTimeFraction = Date.ISO8601FormatStyle(
        dateSeparator: .dash, dateTimeSeparator: .space, timeZone: utc
    ).year().month().day().time(includingFractionalSeconds: true)

    private static let dateOnly = Date.ISO8601FormatStyle(dateSeparator: .dash, timeZone: utc)
        .year().month().day()

    /// `YYYY-MM-DD HH:MM:SS.ffffff`, rounded to the microsecond DATETIME(6) keeps.
    static func format(_ date: Date) -> String {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let (seconds, fraction) = micros.quotientAndRemainder(dividingBy: 1_000_000)
        // Dates before 1970 have a negative remainder; borrow a second to keep it positive.
        let whole = fraction < 0 ? seconds - 1 : seconds
        let micro = fraction < 0 ? fraction + 1_000_000 : fraction
        // ISO8601FormatStyle writes milliseconds at most, so the six digits are added here.
        let digits = String(micro)
        let padded = String(repeating: "0", count: 6 - digits.count) + digits
        return dateTime.format(Date(timeIntervalSince1970: TimeInterval(whole))) + "." + padded
    }

    /// Reads `YYYY-MM-DD HH:MM:SS[.ffffff]` (DATETIME, TIMESTAMP) or `YYYY-MM-DD` (DATE) as UTC.
    static func parse(_ text: String) -> Date? {
        if let date = try? dateTimeFraction.parse(text) { return date }
        return try? dateOnly.parse(text)
    }
}
