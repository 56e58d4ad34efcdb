import Foundation
import LecternCore
import LecternStore

/// A lesson as the API shows it (SPEC §4). Every key is present, `null` when empty;
/// `zoom_start_url` (a host key) only for the lesson's teacher and admins.
struct LessonJSON: JSONWritable {
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

    func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("id", id)
            json.field("title", title)
            json.field("teacher_id", teacherId)
            json.field("group_id", groupId)
            json.field("start_time", startTime)
            json.field("end_time", endTime)
            json.field("topics", topics)
            json.field("record_lesson", recordLesson)
            json.field("status", status)
            json.field("zoom_meeting_id", zoomMeetingId)
            json.field("zoom_join_url", zoomJoinUrl)
            json.field("zoom_password", zoomPassword)
            json.field("account_email", accountEmail)
            json.field("recurring_lesson_id", recurringLessonId)
            json.field("occurrence_date", occurrenceDate)
            if let zoomStartUrl { json.field("zoom_start_url", zoomStartUrl) }
        }
    }
}
