import Foundation

/// An unreleased lease as the stuck-host duty sees it.
public struct StuckLease: Sendable, Equatable {
    public var leaseID: Int64
    public var acquiredAt: Date
    /// `nil` while capture has not stored a meeting (or never will, after a crash).
    public var meetingID: String?
    /// When the lesson ended (see ``lessonEnd(plannedStart:plannedEnd:startedAt:endedAt:)``);
    /// `nil` without a lesson.
    public var lessonEnd: Date?
    /// The expiry of the start claim that holds this lease, if its lesson's current claim is
    /// the lease's: a press is still creating its meeting.
    public var claimUntil: Date?

    public init(leaseID: Int64, acquiredAt: Date, meetingID: String?, lessonEnd: Date?, claimUntil: Date? = nil) {
        self.leaseID = leaseID
        self.acquiredAt = acquiredAt
        self.meetingID = meetingID
        self.lessonEnd = lessonEnd
        self.claimUntil = claimUntil
    }

    /// When a lesson counts as over: when it was ended; else its planned length counted from
    /// when it really started, if that was late (a lesson started 20 minutes late runs 20
    /// minutes past its planned end), but never before the planned end.
    public static func lessonEnd(plannedStart: Date, plannedEnd: Date, startedAt: Date?, endedAt: Date?) -> Date {
        if let endedAt { return endedAt }
        guard let startedAt else { return plannedEnd }
        return max(plannedEnd, startedAt.addingTimeInterval(plannedEnd.timeIntervalSince(plannedStart)))
    }
}
