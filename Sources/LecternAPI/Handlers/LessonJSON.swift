import Foundation
import LecternCore
import LecternStore

/// A lesson as the API shows it (SPEC §4). Every key is present, `null` when empty;
/// `zoom_start_url` (a host key) only for the lesson's teacher and admins.
struct LessonJSON: Encodable {
    var id: Int64
    var title: String
    var teacherId: Int64
    var groupId: Int64?
    var startTime: Date
    var endTime: Date
    var topics: String?
    var recordLesson: Bool
    var status: String
    var zoomMeetingId: String?
    var zoomJoinUrl: String?
    var zoomPassword: String?
    var accountEmail: String?
    var recurringLessonId: Int64?
    var occurrenceDate: CalendarDay?
    /// `.some` only when the caller may see it (its value may still be `nil`).
    var zoomStartUrl: String??

    /// The lesson for a caller; `startURL` is the opened start URL when they may see it.
    init(_ lesson: LessonRecord, startURL: String??) {
        id = lesson.id
        title = lesson.title
        teacherId = lesson.teacherID
        groupId = lesson.groupID
        startTime = lesson.start
        endTime = lesson.end
        topics = lesson.topics
        recordLesson = lesson.recordLesson
        status = lesson.status.rawValue
        zoomMeetingId = lesson.zoomMeetingID
        zoomJoinUrl = lesson.zoomJoinURL
        zoomPassword = lesson.zoomPassword
        accountEmail = lesson.accountEmail
        recurringLessonId = lesson.recurringLessonID
        occurrenceDate = lesson.occurrenceDate
        zoomStartUrl = startURL
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(title, forKey: .title)
        try container.encode(teacherId, forKey: .teacherId)
        try container.encode(groupId, forKey: .groupId)
        try container.encode(startTime, forKey: .startTime)
        try container.encode(endTime, forKey: .endTime)
        try container.encode(topics, forKey: .topics)
        try container.encode(recordLesson, forKey: .recordLesson)
        try container.encode(status, forKey: .status)
        try container.encode(zoomMeetingId, forKey: .zoomMeetingId)
        try container.encode(zoomJoinUrl, forKey: .zoomJoinUrl)
        try container.encode(zoomPassword, forKey: .zoomPassword)
        try container.encode(accountEmail, forKey: .accountEmail)
        try container.encode(recurringLessonId, forKey: .recurringLessonId)
        try container.encode(occurrenceDate, forKey: .occurrenceDate)
        if let zoomStartUrl { try container.encode(zoomStartUrl, forKey: .zoomStartUrl) }
    }

    enum CodingKeys: String, CodingKey {
        case id, title, teacherId, groupId, startTime, endTime, topics, recordLesson, status, zoomMeetingId, zoomJoinUrl
        case zoomPassword, accountEmail, recurringLessonId, occurrenceDate, zoomStartUrl
    }
}
