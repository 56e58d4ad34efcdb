import Foundation

/// How the pool hands out hosts (SPEC §3: unreleased leases ≤ `max_concurrent_meetings`).
public enum PoolRules {
    /// `Retry-After` of a `pool_exhausted` answer: meetings end on the hour and half hour,
    /// so a minute is a fair wait before trying again.
    public static let exhaustedRetryAfterSeconds: Int64 = 60

    /// The host to lease: one with a free slot, the least loaded first, then the one unused
    /// longest (never-used first), then the lowest id, so load spreads evenly and the choice
    /// is deterministic. `nil` when every host is full.
    public static func choose(_ hosts: [HostLoad]) -> HostLoad? {
        hosts.filter { $0.freeSlots > 0 }.min { a, b in
            if a.activeLeases != b.activeLeases { return a.activeLeases < b.activeLeases }
            switch (a.lastUsedAt, b.lastUsedAt) {
            case (nil, .some): return true
            case (.some, nil): return false
            case (let x?, let y?) where x != y: return x < y
            default: return a.accountID < b.accountID
            }
        }
    }

    /// Whether a host's limit may be set to `newMax` while it holds `activeLeases`: lowering
    /// it below the current load would break the invariant.
    public static func canSetLimit(_ newMax: Int, activeLeases: Int) -> Bool {
        newMax >= 1 && newMax >= activeLeases
    }
}
