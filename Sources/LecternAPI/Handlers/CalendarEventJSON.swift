import Foundation
import LecternCore
import LecternStore

/// One entry of `GET /api/schedule/calendar/`: a lesson, or a virtual occurrence of a
/// recurring lesson. Every key is present; those that do not apply are `null`.
struct CalendarEventJSON: Encodable {
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

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(kind, forKey: .kind)
        try container.encode(title, forKey: .title)
        try container.encode(startTime, forKey: .startTime)
        try container.encode(endTime, forKey: .endTime)
        try container.encode(groupId, forKey: .groupId)
        try container.encode(status, forKey: .status)
        try container.encode(lessonId, forKey: .lessonId)
        try container.encode(recurringLessonId, forKey: .recurringLessonId)
        try container.encode(occurrenceDate, forKey: .occurrenceDate)
    }

    /// Already snake_case, for ``encoder``.
    enum CodingKeys: String, CodingKey {
        case id, kind, title, status
        case startTime = "start_time", endTime = "end_time", groupId = "group_id", lessonId = "lesson_id"
        case recurringLessonId = "recurring_lesson_id", occurrenceDate = "occurrence_date"
    }

    /// A calendar holds hundreds of events: an encoder without key conversion saves
    /// converting every key of every event to snake_case again.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()
}
