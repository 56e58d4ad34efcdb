import Foundation
import LecternCore

/// A lesson as stored, with the email of the pool host that ran it.
public struct LessonRecord: Sendable, Equatable {
    public var id: Int64
    public var title: String
    public var teacherID: Int64
    public var groupID: Int64?
    public var start: Date
    public var end: Date
    public var topics: String?
    public var recordLesson: Bool
    public var status: LessonStatus
    public var zoomMeetingID: String?
    public var zoomJoinURL: String?
    public var zoomPassword: String?
    /// The host start URL, sealed with the master key.
    public var zoomStartURLSealed: String?
    public var accountEmail: String?
    public var recurringLessonID: Int64?
    public var occurrenceDate: CalendarDay?
    public var startedAt: Date?

    /// A lesson that never ran in Zoom may be deleted outright.
    public var neverStarted: Bool {
        (status == .scheduled || status == .cancelled) && startedAt == nil && zoomMeetingID == nil
    }
}
