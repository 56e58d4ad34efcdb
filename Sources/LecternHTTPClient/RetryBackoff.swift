import Foundation

/// Jittered exponential backoff for retries inside one call: attempt `n` (1-based) waits
/// between half and all of `min(base · 2^(n-1), cap)`, so colliding clients spread out and
/// no one busy-loops.
public struct RetryBackoff: Sendable {
    public var base: TimeInterval
    public var cap: TimeInterval

    public init(base: TimeInterval = 0.5, cap: TimeInterval = 8) {
        self.base = base
        self.cap = cap
    }

    /// The delay after failed attempt `attempt`, with `jitter` in 0..<1.
    public func delay(afterAttempt attempt: Int, jitter: Double) -> TimeInterval {
        let exponent = Double(min(max(attempt, 1), 32) - 1)
        let ceiling = min(base * pow(2, exponent), cap)
        return ceiling * (0.5 + 0.5 * min(max(jitter, 0), 1))
    }

    /// The wait before the next attempt: the server's `Retry-After` when it gave one (never
    /// less than the backoff floor, so a `0` cannot cause a busy loop), else the backoff.
    public func wait(afterAttempt attempt: Int, retryAfter: TimeInterval?, jitter: Double) -> TimeInterval {
        let backoff = delay(afterAttempt: attempt, jitter: jitter)
        guard let retryAfter else { return backoff }
        return max(retryAfter, base / 2)
    }
}
