import Foundation
import LecternCore
import LecternStore

/// One entry of `GET /api/schedule/calendar/`: a lesson, or a virtual occurrence of a
/// recurring lesson. Every key is present; those that do not apply are `null`.
struct CalendarEventJSON: JSONWritable {
    /// `lesson:{id}` or `occurrence:{recurring id}:{date}`, unique within a calendar.
    var id: String
    var kind: String
    var title: String
    var startTime: Date
    var endTime: Date
    var groupId: Int64?
    var status: String
    var lessonId: Int64?
    var recurringLessonId: Int64?
    var occurrenceDate: CalendarDay?

    init(_ lesson: LessonRepository.CalendarEntry) {
        id = "lesson:\(lesson.id)"
        kind = "lesson"
        title = lesson.title
        startTime = lesson.start
        endTime = lesson.end
        groupId = lesson.groupID
        status = lesson.status.rawValue
        lessonId = lesson.id
        recurringLessonId = lesson.recurringLessonID
        occurrenceDate = lesson.occurrenceDate
    }

    init(_ occurrence: Occurrence, of recurring: RecurringLessonRecord) {
        id = "occurrence:\(recurring.id):\(occurrence.key.date)"
        kind = "occurrence"
        title = recurring.title
        startTime = occurrence.start
        endTime = occurrence.end
        groupId = recurring.groupID
        status = LessonStatus.scheduled.rawValue
        recurringLessonId = recurring.id
        occurrenceDate = occurrence.key.date
    }

    func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("id", id)
            json.field("kind", kind)
            json.field("title", title)
            json.field("start_time", startTime)
            json.field("end_time", endTime)
            json.field("group_id", groupId)
            json.field("status", status)
            json.field("lesson_id", lessonId)
            json.field("recurring_lesson_id", recurringLessonId)
            json.field("occurrence_date", occurrenceDate)
        }
    }
}
