import Foundation

/// The inclusive `from`…`to` days of a query string, read in the caller's time zone:
/// `from=2025-01-13&to=2025-01-19` is Monday 00:00 to Sunday 24:00 local.
public struct DayRange: Sendable, Equatable {
    public let from: CalendarDay
    public let to: CalendarDay

    /// At most 366 days counting both ends.
    public static let maxDays = 366

    /// A range of any length, as long as it does not end before it starts.
    public init(from: CalendarDay, to: CalendarDay) throws {
        guard to >= from else { throw FieldProblem("to", "must not be before from.") }
        self.from = from
        self.to = to
    }

    /// A range of at most ``maxDays`` days, as the calendar allows.
    public static func limited(from: CalendarDay, to: CalendarDay) throws -> DayRange {
        let range = try DayRange(from: from, to: to)
        guard range.dayCount <= maxDays else {
            throw FieldProblem("to", "the range may span at most \(maxDays) days.")
        }
        return range
    }

    /// Days in the range, both ends counted.
    public var dayCount: Int { to.days(since: from) + 1 }

    /// From the start of `from` to the start of the day after `to`, in `timeZone`.
    public func interval(in timeZone: TimeZone) -> DateInterval {
        DateInterval(start: from.start(in: timeZone), end: to.adding(days: 1).start(in: timeZone))
    }
}
