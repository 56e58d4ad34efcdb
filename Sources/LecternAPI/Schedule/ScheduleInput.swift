import Foundation
import LecternCore

/// Checks and reads the fields and query parameters the schedule routes share.
enum ScheduleInput {
    /// The longest zone name stored (`timezone` columns).
    static let maxTimeZoneLength = 64

    /// An IANA time zone name.
    static func timeZone(_ name: String, field: String = "timezone") throws -> TimeZone {
        guard name.unicodeScalars.count <= maxTimeZoneLength, let zone = TimeZone(identifier: name) else {
            throw APIError.badRequest("\(field): '\(name)' is not an IANA time zone.")
        }
        return zone
    }

    /// The zone the caller's query-string days are read in (SPEC §4).
    static func zone(of user: User) -> TimeZone {
        TimeZone(identifier: user.timezone) ?? TimeZone(identifier: "UTC")!
    }

    /// A `YYYY-MM-DD` query parameter, if given.
    static func day(_ request: HTTPRequest, _ name: String) throws -> CalendarDay? {
        guard let text = request.query[name], !text.isEmpty else { return nil }
        guard let day = CalendarDay(parsing: text) else {
            throw APIError.badRequest("\(name): expected a date YYYY-MM-DD.")
        }
        return try InputBounds.day(day, field: name)
    }

    /// `from` and `to` together, or neither.
    static func optionalDayRange(_ request: HTTPRequest) throws -> (from: CalendarDay, to: CalendarDay)? {
        guard request.query["from"] != nil || request.query["to"] != nil else { return nil }
        return try dayRange(request)
    }

    /// `from` and `to`, both required.
    static func dayRange(_ request: HTTPRequest) throws -> (from: CalendarDay, to: CalendarDay) {
        guard let from = try day(request, "from") else {
            throw APIError(400, "missing_field", "from: this query parameter is required.")
        }
        guard let to = try day(request, "to") else {
            throw APIError(400, "missing_field", "to: this query parameter is required.")
        }
        return (from, to)
    }

    /// A positive integer query parameter, if given.
    static func id(_ request: HTTPRequest, _ name: String) throws -> Int64? {
        guard let text = request.query[name], !text.isEmpty else { return nil }
        guard let value = Int64(text), value > 0 else { throw APIError.badRequest("\(name): expected a positive integer.") }
        return value
    }

    /// The id after which an id-ordered list continues.
    static func idCursor(_ request: HTTPRequest) throws -> Int64 {
        guard let text = request.query["cursor"] else { return 0 }
        guard let value = Int64(text), value >= 0 else { throw APIError.badRequest("cursor: not a cursor this list made.") }
        return value
    }
}
