import Foundation

/// The "release stuck hosts" duty of SPEC §8 (seed 002), as decisions without I/O.
public enum StuckHostRules {
    /// A lease still without a meeting this long after capture was left by a crash.
    public static let meetinglessGrace: TimeInterval = 5 * 60
    /// After the lesson's end, a lease is released unless Zoom says the meeting runs on.
    public static let endedGrace: TimeInterval = 15 * 60
    /// After the lesson's end, a lease is released whatever Zoom says.
    public static let hardStop: TimeInterval = 4 * 3600

    public enum Decision: Sendable, Equatable {
        case keep
        case release(reason: String)
        /// Release unless Zoom reports the meeting as `started` (a lesson that overran).
        case releaseUnlessStarted
    }

    public static func decide(_ lease: StuckLease, now: Date) -> Decision {
        guard lease.meetingID != nil else {
            // A press that took the lease over is still creating its meeting.
            if let claimUntil = lease.claimUntil, claimUntil > now { return .keep }
            return now.timeIntervalSince(lease.acquiredAt) > meetinglessGrace ? .release(reason: "no_meeting") : .keep
        }
        // A lease whose lesson was deleted counts from its capture.
        let end = lease.lessonEnd ?? lease.acquiredAt
        let overrun = now.timeIntervalSince(end)
        if overrun > hardStop { return .release(reason: "hard_stop") }
        if overrun > endedGrace { return .releaseUnlessStarted }
        return .keep
    }

    /// The release reason once Zoom has answered for a `.releaseUnlessStarted` lease;
    /// `nil` means keep it.
    public static func afterAsking(meetingStarted: Bool) -> String? {
        meetingStarted ? nil : "ended"
    }

    /// The reason to release with, decided again from `fresh` facts read under the lesson's
    /// and the lease's locks: the facts read before a Zoom call are stale by the time it
    /// answers (a meeting may have been attached, the lesson moved, ended or restarted).
    /// `notRunningMeetingID` is the meeting Zoom said is not running, if Zoom was asked;
    /// `nil` means keep the lease.
    public static func recheck(_ fresh: StuckLease, now: Date, notRunningMeetingID: String?) -> String? {
        switch decide(fresh, now: now) {
        case .keep:
            return nil
        case .release(let reason):
            return reason
        case .releaseUnlessStarted:
            guard let meetingID = fresh.meetingID, meetingID == notRunningMeetingID else { return nil }
            return afterAsking(meetingStarted: false)
        }
    }
}
