import Foundation

/// An OAuth access token as kept for every process: sealed at rest, with its expiry.
public struct SharedToken: Sendable, Equatable {
    /// The token sealed with the master key (never the plain token).
    public var sealedValue: String
    public var expiresAt: Date

    public init(sealedValue: String, expiresAt: Date) {
        self.sealedValue = sealedValue
        self.expiresAt = expiresAt
    }
}

/// Where one Zoom app's access token is shared by all processes (SPEC §6: a new token may
/// invalidate older ones, so processes must not each fetch their own).
public protocol SharedTokenStore {
    /// The stored token, read without locking.
    func load() throws -> SharedToken?
    /// Runs `body` while holding the app's lock, with the token stored at that moment, and
    /// stores what it returns; concurrent refreshers wait and then see the new token.
    func refresh(_ body: (SharedToken?) throws -> SharedToken) throws -> SharedToken
}
