import Foundation

extension Configuration {
    /// Upper/lower weeks as configured, or counted from the default anchor of the academic
    /// year that `now` (read in UTC) belongs to.
    public func weekParity(now: Date) -> WeekParity {
        let today = CalendarDay(containing: now, in: TimeZone(identifier: "UTC")!)
        // The setting was validated when the configuration was loaded.
        return (try? WeekParity.resolve(setting: weekParityAnchor, today: today))
            ?? WeekParity.academicYearDefault(today: today)
    }
}
