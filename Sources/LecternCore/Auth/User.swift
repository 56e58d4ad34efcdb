import Foundation

/// A person who signs in to Lectern.
public struct User: Sendable, Equatable {
    public var id: Int64
    public var email: String
    public var name: String
    public var role: Role
    /// IANA time zone name; query-string dates are read in it.
    public var timezone: String
    public var subscriptionExpiresAt: Date?

    public init(id: Int64, email: String, name: String, role: Role, timezone: String,
                subscriptionExpiresAt: Date?) {
        self.id = id
        self.email = email
        self.name = name
        self.role = role
        self.timezone = timezone
        self.subscriptionExpiresAt = subscriptionExpiresAt
    }

    /// Teachers whose subscription lapsed may still plan, but not start meetings.
    public func subscriptionActive(at now: Date) -> Bool {
        guard role == .teacher, let expires = subscriptionExpiresAt else { return true }
        return expires > now
    }
}
