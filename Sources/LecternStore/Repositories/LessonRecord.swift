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

    public init(id: Int64, title: String, teacherID: Int64, groupID: Int64?, start: Date, end: Date, topics: String?,
                recordLesson: Bool, status: LessonStatus, zoomMeetingID: String?, zoomJoinURL: String?,
                zoomPassword: String?, zoomStartURLSealed: String?, accountEmail: String?, recurringLessonID: Int64?,
                occurrenceDate: CalendarDay?, startedAt: Date?) {
        self.id = id
        self.title = title
        self.teacherID = teacherID
        self.groupID = groupID
        self.start = start
        self.end = end
        self.topics = topics
        self.recordLesson = recordLesson
        self.status = status
        self.zoomMeetingID = zoomMeetingID
        self.zoomJoinURL = zoomJoinURL
        self.zoomPassword = zoomPassword
        self.zoomStartURLSealed = zoomStartURLSealed
        self.accountEmail = accountEmail
        self.recurringLessonID = recurringLessonID
        self.occurrenceDate = occurrenceDate
        self.startedAt = startedAt
    }

    /// A lesson that never ran in Zoom may be deleted outright.
    public var neverStarted: Bool {
        LessonStatus.deletable.contains(status) && startedAt == nil && zoomMeetingID == nil
    }
}
