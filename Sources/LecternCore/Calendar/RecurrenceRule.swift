import Foundation

/// When a recurring lesson meets: a weekday and local start time in its own time zone, for
/// a duration, in every, upper or lower week, between two days inclusive.
public struct RecurrenceRule: Sendable, Equatable {
    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var dayOfWeek: Int
    public var startTime: LocalTime
    public var durationMinutes: Int
    public var weekType: WeekType
    public var validFrom: CalendarDay
    /// The last day with an occurrence; `nil` for open-ended.
    public var validUntil: CalendarDay?
    public var timeZone: TimeZone

    /// A lesson lasts at most a day.
    public static let durationRange = InputBounds.durationMinutes

    public init(dayOfWeek: Int, startTime: LocalTime, durationMinutes: Int, weekType: WeekType,
                validFrom: CalendarDay, validUntil: CalendarDay?, timeZone: TimeZone) {
        self.dayOfWeek = dayOfWeek
        self.startTime = startTime
        self.durationMinutes = durationMinutes
        self.weekType = weekType
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.timeZone = timeZone
    }

    /// The first rule this breaks, named by its API field, or `nil` when it is sound.
    public func problem() -> FieldProblem? {
        if !(1...7).contains(dayOfWeek) {
            return FieldProblem("day_of_week", "must be 1 (Monday) to 7 (Sunday).")
        }
        if !Self.durationRange.contains(durationMinutes) {
            return FieldProblem("duration", "must be 1 to 1440 minutes.")
        }
        if !InputBounds.years.contains(validFrom.year) {
            return FieldProblem("valid_from", "must be from 1970-01-01 to 9999-12-31.")
        }
        if let validUntil, !InputBounds.years.contains(validUntil.year) {
            return FieldProblem("valid_until", "must be from 1970-01-01 to 9999-12-31.")
        }
        if let validUntil, validUntil < validFrom {
            return FieldProblem("valid_until", "must not be before valid_from.")
        }
        return nil
    }

    /// Whether the lesson meets on local day `day`: its weekday, inside the validity window,
    /// in a week of the right parity.
    public func occurs(on day: CalendarDay, parity: WeekParity) -> Bool {
        day.weekday == dayOfWeek && day >= validFrom && (validUntil.map { day <= $0 } ?? true)
            && parity.admits(weekType, on: day)
    }

    /// The meeting on local day `day`: it starts at the local start time of that day, so it
    /// keeps its wall-clock time when the clocks change, and lasts the duration in real time.
    public func interval(on day: CalendarDay) -> DateInterval {
        let start = day.instant(at: startTime, in: timeZone)
        return DateInterval(start: start, duration: TimeInterval(durationMinutes * 60))
    }
}
