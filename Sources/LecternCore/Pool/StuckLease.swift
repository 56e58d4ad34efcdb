import Foundation

/// An unreleased lease as the stuck-host duty sees it.
public struct StuckLease: Sendable, Equatable {
    public var leaseID: Int64
    public var acquiredAt: Date
    /// `nil` while capture has not stored a meeting (or never will, after a crash).
    public var meetingID: String?
    /// When the lesson ended: when it was ended, else its scheduled end; `nil` without a lesson.
    public var lessonEnd: Date?

    public init(leaseID: Int64, acquiredAt: Date, meetingID: String?, lessonEnd: Date?) {
        self.leaseID = leaseID
        self.acquiredAt = acquiredAt
        self.meetingID = meetingID
        self.lessonEnd = lessonEnd
    }
}
