extension DayRange {
    /// The range cut at calendar-month boundaries: `2025-01-15…2025-03-02` is
    /// `01-15…01-31`, `02-01…02-28`, `03-01…03-02`.
    ///
    /// Zoom's recordings listing refuses ranges longer than one month (SPEC §6). A window that
    /// never leaves its calendar month satisfies every reading of that limit (30 days, 31
    /// days, "the same day next month"), at the cost of one extra call per range at most.
    public var monthWindows: [DayRange] {
        var windows: [DayRange] = []
        var start = from
        while start <= to {
            let nextMonth = start.month == 12 ? CalendarDay(year: start.year + 1, month: 1, day: 1)!
                                              : CalendarDay(year: start.year, month: start.month + 1, day: 1)!
            let end = Swift.min(nextMonth.adding(days: -1), to)
            // `start <= end` holds by construction, so the window is valid.
            windows.append(try! DayRange(from: start, to: end))
            start = nextMonth
        }
        return windows
    }
}
