import Foundation

/// A committed claim on a lesson's start or end (or an event's change): a random token and
/// an expiry, stored in the row itself so that it replicates and outlives the session that
/// wrote it (SPEC §14). The press that holds it is the only one that may store a meeting;
/// once it has expired another press may take it over, and the late press's store then
/// fails on the token (a fencing token).
public struct StartClaim: Sendable, Equatable {
    /// A little beyond the longest a Zoom call can take (a token fetch plus the meeting
    /// create, each up to 15 s of retries plus one last 15 s attempt), so a claim is never
    /// taken over while its press may still be creating a meeting.
    public static let lifetime: TimeInterval = 60

    public var token: String
    public var until: Date

    public init(token: String, until: Date) {
        self.token = token
        self.until = until
    }

    /// A new claim with `token`, valid from `now` for ``lifetime``.
    public static func taken(token: String, now: Date) -> StartClaim {
        StartClaim(token: token, until: now.addingTimeInterval(lifetime))
    }

    /// Whether a stored claim still keeps other presses out at `now`; no claim keeps nobody out.
    public static func isHeld(until: Date?, token: String?, now: Date) -> Bool {
        guard token != nil, let until else { return false }
        return until > now
    }
}
