/// The login throttling rule of SPEC §4, as pure arithmetic over recent failures.
///
/// After `perEmailLimit` failures for one email inside `window`, that email is refused
/// until `window` has passed since the failure that reached the limit; a client address
/// is refused while it has `perAddressLimit` failures inside `window`.
public struct LoginThrottle: Sendable {
    public var window: Int64 = 900
    public var perEmailLimit = 10
    public var perAddressLimit = 100

    public init() {}

    /// Seconds the caller must wait, or `nil` when the attempt may proceed.
    ///
    /// - Parameters:
    ///   - emailFailures: unix times of failures for the email within `window`, newest first.
    ///   - addressFailures: unix times of failures from the address within `window`, newest first.
    public func retryAfter(now: Int64, emailFailures: [Int64], addressFailures: [Int64]) -> Int64? {
        let emailWait = wait(now: now, failures: emailFailures, limit: perEmailLimit)
        let addressWait = wait(now: now, failures: addressFailures, limit: perAddressLimit)
        switch (emailWait, addressWait) {
        case (nil, nil): return nil
        case let (a?, b?): return max(a, b)
        case let (a?, nil): return a
        case let (nil, b?): return b
        }
    }

    private func wait(now: Int64, failures: [Int64], limit: Int) -> Int64? {
        let recent = failures.filter { now - $0 < window }.sorted(by: >)
        guard recent.count >= limit else { return nil }
        // The refusal lasts `window` from the failure that reached the limit.
        let reachedAt = recent[recent.count - limit]
        return max(1, reachedAt + window - now)
    }
}
