import Foundation

/// The bounds of SPEC §4 "Input is bounded": what the API accepts, checked before anything
/// reaches the database, so that input out of bounds is a 400 naming the field rather than
/// a MariaDB error (1406 data too long, 1292 incorrect datetime) or a worker stuck on a
/// huge list. Lengths count Unicode code points, as MariaDB's utf8mb4 columns do.
public enum InputBounds {
    /// Titles and names.
    public static let maxNameLength = 200
    /// `topics` and `description`.
    public static let maxTextLength = 10_000
    public static let maxEmailLength = 254
    /// `student_ids`, `user_ids`.
    public static let maxIDCount = 1_000
    /// Lesson, recurring lesson and event durations, in minutes.
    public static let durationMinutes = 1...1440
    /// Calendar days and timestamps fall in these years (UTC for timestamps).
    public static let years = 1970...9999
    /// 1970-01-01T00:00:00Z.
    public static let earliestInstant = Date(timeIntervalSince1970: 0)
    /// 9999-12-31T23:59:59Z, the last whole second MariaDB's DATETIME holds.
    public static let latestInstant = Date(timeIntervalSince1970: 253_402_300_799)

    /// The first and last days stored.
    public static let earliestDay = CalendarDay(year: 1970, month: 1, day: 1)!
    public static let latestDay = CalendarDay(year: 9999, month: 12, day: 31)!

    /// `interval` cut to what the database can compare with: MariaDB matches no row against a
    /// year-10000 bound (it is no DATETIME), so a window that runs past 9999 would find nothing.
    public static func storable(_ interval: DateInterval) -> DateInterval {
        let start = max(interval.start, earliestInstant)
        let end = min(interval.end, latestInstant.addingTimeInterval(0.5))
        return DateInterval(start: min(start, end), end: end)
    }

    /// `day` moved into the days stored.
    public static func storable(_ day: CalendarDay) -> CalendarDay {
        min(max(day, earliestDay), latestDay)
    }

    /// `text` trimmed, not blank, at most ``maxNameLength`` code points.
    public static func name(_ text: String, field: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw FieldProblem(field, "this field may not be blank.") }
        return try length(trimmed, atMost: maxNameLength, field: field)
    }

    /// `topics` or `description`, kept as sent, at most ``maxTextLength`` code points.
    public static func text(_ text: String, field: String) throws -> String {
        try length(text, atMost: maxTextLength, field: field)
    }

    /// `text` if it has at most `limit` code points.
    public static func length(_ text: String, atMost limit: Int, field: String) throws -> String {
        guard text.unicodeScalars.count <= limit else { throw FieldProblem(field, "at most \(limit) characters.") }
        return text
    }

    /// An email address as typed: trimmed and lower-cased, at most ``maxEmailLength`` code points.
    public static func email(_ text: String, field: String = "email") throws -> String {
        let email = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard !email.isEmpty else { throw FieldProblem(field, "this field may not be blank.") }
        return try length(email, atMost: maxEmailLength, field: field)
    }

    /// A list of ids of at most ``maxIDCount`` items, duplicates collapsed (first one kept).
    public static func ids(_ ids: [Int64], field: String) throws -> [Int64] {
        guard ids.count <= maxIDCount else { throw FieldProblem(field, "at most \(maxIDCount) ids.") }
        var seen = Set<Int64>()
        return ids.filter { seen.insert($0).inserted }
    }

    /// A timestamp from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z.
    public static func instant(_ date: Date, field: String) throws -> Date {
        guard date >= earliestInstant, date <= latestInstant else {
            throw FieldProblem(field, "must be from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z.")
        }
        return date
    }

    /// A calendar day in the years 1970 to 9999.
    public static func day(_ day: CalendarDay, field: String) throws -> CalendarDay {
        guard years.contains(day.year) else { throw FieldProblem(field, "must be from 1970-01-01 to 9999-12-31.") }
        return day
    }

    /// A duration of 1 to 1,440 minutes.
    public static func duration(_ minutes: Int, field: String = "duration") throws -> Int {
        guard durationMinutes.contains(minutes) else {
            throw FieldProblem(field, "must be \(durationMinutes.lowerBound) to \(durationMinutes.upperBound) minutes.")
        }
        return minutes
    }
}
