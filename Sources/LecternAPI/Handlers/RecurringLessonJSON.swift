import LecternCore
import LecternStore

/// A recurring lesson as the API shows it; `start_time` is local `HH:MM` in `timezone`,
/// `duration` in minutes.
struct RecurringLessonJSON: JSONWritable {
    var id: Int64
    var title: String
    var teacherId: Int64
    var groupId: Int64
    var dayOfWeek: Int
    var startTime: LocalTime
    var duration: Int
    var weekType: WeekType
    var validFrom: CalendarDay
    var validUntil: CalendarDay?
    var timezone: String
    var topics: String?
    var recordLesson: Bool

    init(_ record: RecurringLessonRecord) {
        id = record.id
        title = record.title
        teacherId = record.teacherID
        groupId = record.groupID
        dayOfWeek = record.rule.dayOfWeek
        startTime = record.rule.startTime
        duration = record.rule.durationMinutes
        weekType = record.rule.weekType
        validFrom = record.rule.validFrom
        validUntil = record.rule.validUntil
        timezone = record.rule.timeZone.ianaName
        topics = record.topics
        recordLesson = record.recordLesson
    }

    // Empty values are written as `null` rather than left out.
    func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("id", id)
            json.field("title", title)
            json.field("teacher_id", teacherId)
            json.field("group_id", groupId)
            json.field("day_of_week", dayOfWeek)
            json.field("start_time", startTime)
            json.field("duration", duration)
            json.field("week_type", weekType.rawValue)
            json.field("valid_from", validFrom)
            json.field("valid_until", validUntil)
            json.field("timezone", timezone)
            json.field("topics", topics)
            json.field("record_lesson", recordLesson)
        }
    }
}
