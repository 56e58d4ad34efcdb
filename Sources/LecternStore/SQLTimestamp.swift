import CMariaDB
import Foundation
import LecternCore

/// DATETIME/TIMESTAMP values as they cross the wire, always UTC: written as text
/// `YYYY-MM-DD HH:MM:SS.ffffff`, read as `MYSQL_TIME` (or as text where a value arrives as
/// text). Lectern's own fixed forms, so integer arithmetic does the work, not format styles.
enum SQLTimestamp {
    private static let microsPerSecond: Int64 = 1_000_000
    private static let microsPerDay: Int64 = 86_400 * 1_000_000

    /// `YYYY-MM-DD HH:MM:SS.ffffff`, rounded to the microsecond DATETIME(6) keeps.
    static func format(_ date: Date) -> String {
        String(decoding: formatted(date), as: UTF8.self)
    }

    /// ``format(_:)`` as UTF-8 bytes, for binding as a parameter.
    static func formatted(_ date: Date) -> [UInt8] {
        text(microseconds: Int64((date.timeIntervalSince1970 * 1_000_000).rounded()), fractionDigits: 6)
    }

    /// `YYYY-MM-DD[ HH:MM:SS[.f…]]`, the way the server writes a DATE (`fractionDigits` −1)
    /// or a DATETIME(`fractionDigits`).
    static func text(microseconds micros: Int64, fractionDigits: Int) -> [UInt8] {
        let seconds = floorDivide(micros, microsPerSecond)
        let (dayNumber, secondOfDay) = GregorianDays.split(secondsSince1970: seconds)
        let date = GregorianDays.date(dayNumber: dayNumber)
        var out: [UInt8] = []
        out.reserveCapacity(26)
        if date.year >= 0 && date.year < 10_000 {
            append(date.year / 100, to: &out)
            append(date.year % 100, to: &out)
        } else {
            out += Array(String(date.year).utf8)
        }
        out.append(UInt8(ascii: "-"))
        append(date.month, to: &out)
        out.append(UInt8(ascii: "-"))
        append(date.day, to: &out)
        guard fractionDigits >= 0 else { return out }
        out.append(UInt8(ascii: " "))
        append(secondOfDay / 3_600, to: &out)
        out.append(UInt8(ascii: ":"))
        append(secondOfDay / 60 % 60, to: &out)
        out.append(UInt8(ascii: ":"))
        append(secondOfDay % 60, to: &out)
        guard fractionDigits > 0 else { return out }
        out.append(UInt8(ascii: "."))
        var fraction = Int(micros - seconds * microsPerSecond)
        var scale = 100_000
        for _ in 0..<min(fractionDigits, 6) {
            out.append(UInt8(ascii: "0") + UInt8(fraction / scale))
            fraction %= scale
            scale /= 10
        }
        return out
    }

    /// `[-]HH:MM:SS` of a TIME value.
    static func timeText(microsecondsIntoDay micros: Int64) -> String {
        let magnitude = micros.magnitude / UInt64(microsPerSecond)
        var out = micros < 0 ? "-" : ""
        out += twoDigits(Int(magnitude / 3_600))
        out += ":" + twoDigits(Int(magnitude / 60 % 60)) + ":" + twoDigits(Int(magnitude % 60))
        return out
    }

    /// Microseconds since 1970 of a fetched DATE, DATETIME or TIMESTAMP (the session is UTC).
    static func microseconds(_ time: MYSQL_TIME) -> Int64 {
        let day = GregorianDays.dayNumber(year: Int(time.year), month: Int(time.month), day: Int(time.day))
        let seconds = Int64(day) * 86_400 + Int64(time.hour) * 3_600 + Int64(time.minute) * 60 + Int64(time.second)
        return seconds * microsPerSecond + Int64(time.second_part)
    }

    /// Signed microseconds of a fetched TIME value.
    static func microsecondsIntoDay(_ time: MYSQL_TIME) -> Int64 {
        let seconds = Int64(time.day) * 86_400 + Int64(time.hour) * 3_600 + Int64(time.minute) * 60 + Int64(time.second)
        let micros = seconds * microsPerSecond + Int64(time.second_part)
        return time.neg != 0 ? -micros : micros
    }

    static func date(microseconds micros: Int64) -> Date {
        let seconds = floorDivide(micros, microsPerSecond)
        return Date(timeIntervalSince1970: TimeInterval(seconds) + TimeInterval(micros - seconds * microsPerSecond) / 1e6)
    }

    static func dayNumber(microseconds micros: Int64) -> Int {
        Int(floorDivide(micros, microsPerDay))
    }

    // Parses with or without the fraction, to the microsecond: for values that arrive as text.
    private static let dateTimeFraction = Date.ISO8601FormatStyle(
        dateSeparator: .dash, dateTimeSeparator: .space, timeZone: TimeZone(secondsFromGMT: 0)!
    ).year().month().day().time(includingFractionalSeconds: true)

    private static let dateOnly = Date.ISO8601FormatStyle(dateSeparator: .dash, timeZone: TimeZone(secondsFromGMT: 0)!)
        .year().month().day()

    /// Reads `YYYY-MM-DD HH:MM:SS[.ffffff]` (DATETIME, TIMESTAMP) or `YYYY-MM-DD` (DATE) as UTC.
    static func parse(_ text: String) -> Date? {
        if let date = try? dateTimeFraction.parse(text) { return date }
        return try? dateOnly.parse(text)
    }

    private static func append(_ twoDigits: Int, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "0") + UInt8(twoDigits / 10))
        out.append(UInt8(ascii: "0") + UInt8(twoDigits % 10))
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0" + String(value) : String(value)
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? quotient - 1 : quotient
    }
}
