import Foundation

/// A pool host as capture sees it, inside the lock: its capacity and unreleased leases.
public struct HostLoad: Sendable, Equatable {
    public var accountID: Int64
    public var maxConcurrentMeetings: Int
    public var activeLeases: Int
    public var lastUsedAt: Date?

    public init(accountID: Int64, maxConcurrentMeetings: Int, activeLeases: Int, lastUsedAt: Date?) {
        self.accountID = accountID
        self.maxConcurrentMeetings = maxConcurrentMeetings
        self.activeLeases = activeLeases
        self.lastUsedAt = lastUsedAt
    }

    /// Meetings it may still take; never negative, even if a limit was lowered below its load.
    public var freeSlots: Int { max(0, maxConcurrentMeetings - activeLeases) }
}
