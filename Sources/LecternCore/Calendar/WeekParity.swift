/// Upper and lower weeks (SPEC §4): the Monday–Sunday week that contains the anchor is
/// upper, and weeks alternate from there in both directions.
///
/// Works on local calendar days, so a lesson's parity is decided in the lesson's own time zone.
public struct WeekParity: Sendable, Equatable {
    /// The Monday that starts an upper week.
    public let anchor: CalendarDay

    public static let settingName = "LECTERN_WEEK_PARITY_ANCHOR"

    /// A parity anchored on `anchor`, which must be a Monday.
    public init?(anchor: CalendarDay) {
        guard anchor.weekday == 1 else { return nil }
        self.anchor = anchor
    }

    /// Checks a configured anchor: a `YYYY-MM-DD` date that is a Monday.
    public static func validate(setting text: String) throws -> WeekParity {
        guard let day = CalendarDay(parsing: text) else {
            throw ConfigurationError.invalid(settingName, "'\(text)' is not a YYYY-MM-DD date")
        }
        guard let parity = WeekParity(anchor: day) else {
            throw ConfigurationError.invalid(settingName, "\(text) is not a Monday")
        }
        return parity
    }

    /// The configured anchor, or else the academic year's default.
    public static func resolve(setting text: String?, today: CalendarDay) throws -> WeekParity {
        if let text { return try validate(setting: text) }
        return academicYearDefault(today: today)
    }

    /// Anchored on the first Monday of September of the academic year that `today` belongs
    /// to (academic years start in September).
    public static func academicYearDefault(today: CalendarDay) -> WeekParity {
        let year = today.month >= 9 ? today.year : today.year - 1
        let september = CalendarDay(year: year, month: 9, day: 1)!
        let firstMonday = september.adding(days: CalendarDay.floorMod(8 - september.weekday, 7))
        return WeekParity(anchor: firstMonday)!
    }

    /// `.upper` or `.lower` for the week that contains `day`.
    public func weekType(of day: CalendarDay) -> WeekType {
        let weeks = day.monday.days(since: anchor) / 7
        return CalendarDay.floorMod(weeks, 2) == 0 ? .upper : .lower
    }

    /// Whether a lesson of `weekType` meets in the week that contains `day`.
    public func admits(_ weekType: WeekType, on day: CalendarDay) -> Bool {
        weekType == .all || weekType == self.weekType(of: day)
    }
}
