/// The rules of the every-minute notification duty (SPEC §8), apart from any I/O.
///
/// - A notification never tried whose due time is more than ``lateLimit`` in the past is
///   skipped, not sent: a reminder of an event that has begun, or mail queued while SMTP was
///   not configured, is noise by then. It is marked given up with a reason.
/// - A failed send is retried after about 1 m, 5 m, 20 m and 1 h; the ``maxAttempts``-th
///   failure gives up for good.
/// - A message that cannot be built (a malformed address, a line break in the subject) gives
///   up at once: sending it again would fail the same way.
public enum NotificationDelivery {
    /// Sends tried at most, counting the first.
    public static let maxAttempts = 5
    /// A notification first seen later than this after its due time is skipped.
    public static let lateLimit: Int64 = 24 * 3600
    /// Waits after the 1st, 2nd, 3rd and 4th failed attempts.
    static let delays: [Int64] = [60, 300, 1_200, 3_600]

    public enum Verdict: Equatable, Sendable {
        case send
        case skip(reason: String)
    }

    /// Whether to send a claimed notification `overdueSeconds` after its due time, after
    /// `attempts` earlier tries.
    public static func verdict(overdueSeconds: Int64, attempts: Int) -> Verdict {
        guard attempts == 0, overdueSeconds > lateLimit else { return .send }
        let hours = overdueSeconds / 3600
        return .skip(reason: "skipped: first seen \(hours) h after its due time (more than \(lateLimit / 3600) h late)")
    }

    public enum AfterFailure: Equatable, Sendable {
        /// Try again after this many seconds.
        case retry(afterSeconds: Int64)
        case giveUp
    }

    /// What follows the failure of attempt number `attempt` (1 for the first), with up to 10 %
    /// jitter from `jitter` in 0..<1 so that a burst of failures does not retry in lockstep.
    public static func afterFailure(attempt: Int, jitter: Double) -> AfterFailure {
        guard attempt < maxAttempts else { return .giveUp }
        let base = delays[min(max(attempt, 1), delays.count) - 1]
        return .retry(afterSeconds: base + Int64(Double(base) * 0.1 * min(max(jitter, 0), 1)))
    }
}
