/// Which weeks a recurring lesson meets in: every week, or only "upper" or "lower" ones
/// (alternating weeks, counted from the parity anchor).
public enum WeekType: String, Sendable, Codable, CaseIterable {
    case all, upper, lower
}
