import Foundation

/// Google's exponential backoff for Drive: after failed attempt `n` (1-based), wait
/// `min(2^(n-1) + jitter, 64)` seconds, `jitter` being up to a second.
enum DriveBackoff {
    static let cap: TimeInterval = 64
    /// A `Retry-After` shorter than this is stretched to it, so that `0` cannot cause a busy loop.
    static let floor: TimeInterval = 1

    /// The wait before the next attempt: the server's `Retry-After` when it gave one, else the backoff.
    static func delay(afterAttempt attempt: Int, retryAfter: TimeInterval?, jitter: Double) -> TimeInterval {
        if let retryAfter { return max(retryAfter, floor) }
        let exponent = Double(min(max(attempt, 1), 16) - 1)
        return min(pow(2, exponent) + min(max(jitter, 0), 1), cap)
    }
}
