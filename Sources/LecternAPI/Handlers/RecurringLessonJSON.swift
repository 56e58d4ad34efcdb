import LecternCore
import LecternStore

/// A recurring lesson as the API shows it; `start_time` is local `HH:MM` in `timezone`,
/// `duration` in minutes.
struct RecurringLessonJSON: Encodable {
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
    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(title, forKey: .title)
        try container.encode(teacherId, forKey: .teacherId)
        try container.encode(groupId, forKey: .groupId)
        try container.encode(dayOfWeek, forKey: .dayOfWeek)
        try container.encode(startTime, forKey: .startTime)
        try container.encode(duration, forKey: .duration)
        try container.encode(weekType, forKey: .weekType)
        try container.encode(validFrom, forKey: .validFrom)
        try container.encode(validUntil, forKey: .validUntil)
        try container.encode(timezone, forKey: .timezone)
        try container.encode(topics, forKey: .topics)
        try container.encode(recordLesson, forKey: .recordLesson)
    }

    enum CodingKeys: String, CodingKey {
        case id, title, teacherId, groupId, dayOfWeek, startTime, duration, weekType, validFrom, validUntil, timezone
        case topics, recordLesson
    }
}
