import Foundation
import LecternHTTPClient

/// Access tokens for one service account, kept in memory and shared by every ``DriveClient``
/// of the process (Google, unlike Zoom, lets a service account hold many valid tokens).
///
/// A token is replaced ``refreshMargin`` seconds before it expires. The token endpoint's
/// 5xx, 429 and lost connections are retried with jittered backoff, honouring `Retry-After`,
/// for up to `budget` seconds. Safe to use from several threads: one fetch at a time, and
/// callers that wait for it get its token.
public final class GoogleTokenSource: DriveTokenSource, @unchecked Sendable {
    /// Tokens are replaced this long before they expire (or halfway through a shorter life).
    public static let refreshMargin: TimeInterval = 300
    static let grantType = "urn:ietf:params:oauth:grant-type:jwt-bearer"
    static let maxAttempts = 6

    let jwt: GoogleJWT
    let tokenURI: String
    let transport: HTTPTransport
    let backoff: RetryBackoff
    let budget: TimeInterval
    let clock: () -> Date
    let sleep: (TimeInterval) -> Void
    let jitter: () -> Double
    /// Guards `cached` and serialises fetches; `transport` is used under it only.
    private let lock = NSLock()
    private var cached: (value: String, refreshAt: Date)?

    /// - Parameters:
    ///   - subject: a user to act as through domain-wide delegation, if any.
    ///   - transport: used for the token endpoint only, always under this source's lock.
    ///   - budget: seconds one fetch may spend retrying, in total.
    ///   - clock, sleep, jitter: injected so that tests run without waiting.
    /// - Throws: ``DriveError/authentication(_:)`` when the key's private key is unusable.
    public init(key: ServiceAccountKey, subject: String? = nil, transport: HTTPTransport,
                backoff: RetryBackoff = RetryBackoff(base: 1, cap: 16), budget: TimeInterval = 60,
                clock: @escaping () -> Date = Date.init, sleep: @escaping (TimeInterval) -> Void = Thread.sleep,
                jitter: @escaping () -> Double = { Double.random(in: 0..<1) }) throws {
        jwt = try GoogleJWT(key: key, subject: subject)
        tokenURI = key.tokenURI
        self.transport = transport
        self.backoff = backoff
        self.budget = budget
        self.clock = clock
        self.sleep = sleep
        self.jitter = jitter
    }

    public func accessToken() throws -> String {
        try lock.withLock {
            if let cached, clock() < cached.refreshAt { return cached.value }
            return try fetchAndRemember()
        }
    }

    public func refresh(rejecting stale: String) throws -> String {
        try lock.withLock {
            if let cached, cached.value != stale, clock() < cached.refreshAt { return cached.value }
            cached = nil
            return try fetchAndRemember()
        }
    }

    private func fetchAndRemember() throws -> String {
        let issued = clock()
        let token = try fetchToken()
        let lifetime = TimeInterval(token.expiresIn ?? Int(GoogleJWT.lifetime))
        cached = (token.accessToken, issued.addingTimeInterval(max(lifetime - Self.refreshMargin, lifetime / 2)))
        return token.accessToken
    }
}
