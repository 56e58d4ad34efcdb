/// How long a failed job waits before its next attempt: about 1 m, 5 m, 20 m, 1 h, 6 h, then 6 h.
public enum JobBackoff {
    static let delays: [Int64] = [60, 300, 1_200, 3_600, 21_600]

    /// Seconds before attempt `attempts + 1`, with up to 10 % jitter from `jitter` in 0..<1.
    public static func delay(afterAttempt attempts: Int, jitter: Double) -> Int64 {
        let base = delays[min(max(attempts, 1), delays.count) - 1]
        return base + Int64(Double(base) * 0.1 * min(max(jitter, 0), 1))
    }
}
