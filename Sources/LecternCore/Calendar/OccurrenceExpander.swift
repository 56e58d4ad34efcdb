import Foundation

/// Turns recurring lessons into the concrete occurrences that start inside a window of time.
public struct OccurrenceExpander: Sendable {
    public var parity: WeekParity

    public init(parity: WeekParity) {
        self.parity = parity
    }

    /// The occurrences of `rule` (the recurring lesson `id`) that start at or after
    /// `window.start` and before `window.end`, in order.
    public func occurrences(of rule: RecurrenceRule, id: Int64, in window: DateInterval) -> [Occurrence] {
        guard (1...7).contains(rule.dayOfWeek) else { return [] }
        // A lesson's local day can lie a day either side of the window's ends as seen from
        // UTC, and the exact check on the start below trims the extra days.
        var first = CalendarDay(containing: window.start, in: rule.timeZone).adding(days: -1)
        var last = CalendarDay(containing: window.end, in: rule.timeZone).adding(days: 1)
        first = max(first, rule.validFrom)
        if let validUntil = rule.validUntil { last = min(last, validUntil) }
        guard first <= last else { return [] }
        var day = first.adding(days: CalendarDay.floorMod(rule.dayOfWeek - first.weekday, 7))
        var found: [Occurrence] = []
        while day <= last {
            if rule.occurs(on: day, parity: parity) {
                let interval = rule.interval(on: day)
                if interval.start >= window.start && interval.start < window.end {
                    found.append(Occurrence(key: OccurrenceKey(recurringLessonID: id, date: day),
                                            start: interval.start, end: interval.end))
                }
            }
            day = day.adding(days: 7)
        }
        return found
    }

    /// The occurrences of every rule in the window, leaving out those in `materialised`
    /// (they are shown as their lessons), sorted by start.
    public func occurrences(of rules: [(id: Int64, rule: RecurrenceRule)], in window: DateInterval,
                            excluding materialised: Set<OccurrenceKey>) -> [Occurrence] {
        rules.flatMap { occurrences(of: $0.rule, id: $0.id, in: window) }
            .filter { !materialised.contains($0.key) }
            .sorted { ($0.start, $0.key.recurringLessonID) < ($1.start, $1.key.recurringLessonID) }
    }
}
