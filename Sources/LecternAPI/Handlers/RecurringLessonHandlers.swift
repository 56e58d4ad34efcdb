import Foundation
import LecternCore
import LecternStore

/// `/api/schedule/recurring-lessons/…`: weekly lessons (every, upper or lower week) and
/// the materialisation of one occurrence as a lesson.
enum RecurringLessonHandlers {
    /// The fields of POST (all that are not optional are required) and PATCH (all optional).
    struct Body: Decodable {
        var title: String?
        var groupId: Int64?
        var dayOfWeek: Int?
        var startTime: LocalTime?
        var duration: Int?
        var weekType: String?
        var validFrom: CalendarDay?
        var validUntil: CalendarDay??
        var timezone: String?
        var topics: String??
        var recordLesson: Bool?

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            title = try container.decodeIfGiven(String.self, forKey: .title)
            groupId = try container.decodeIfGiven(Int64.self, forKey: .groupId)
            dayOfWeek = try container.decodeIfGiven(Int.self, forKey: .dayOfWeek)
            startTime = try container.decodeIfGiven(LocalTime.self, forKey: .startTime)
            duration = try container.decodeIfGiven(Int.self, forKey: .duration)
            weekType = try container.decodeIfGiven(String.self, forKey: .weekType)
            validFrom = try container.decodeIfGiven(CalendarDay.self, forKey: .validFrom)
            validUntil = try container.decodeClearable(CalendarDay.self, forKey: .validUntil)
            timezone = try container.decodeIfGiven(String.self, forKey: .timezone)
            topics = try container.decodeClearable(String.self, forKey: .topics)
            recordLesson = try container.decodeIfGiven(Bool.self, forKey: .recordLesson)
        }

        enum CodingKeys: String, CodingKey {
            case title, groupId, dayOfWeek, startTime, duration, weekType, validFrom, validUntil, timezone, topics
            case recordLesson
        }
    }

    static func list(_ context: RequestContext) throws -> HTTPResponse {
        let objects = ScheduleObjects(db: context.db, user: try context.user())
        let limit = try ListPage<RecurringLessonJSON>.limit(context.request)
        let records = try RecurringLessonRepository(context.db).list(
            scope: objects.scope, afterID: try ScheduleInput.idCursor(context.request), limit: limit + 1)
        return JSONBody.response(200, ListPage(records, limit: limit, request: context.request,
                                               cursor: { String($0.id) }, item: RecurringLessonJSON.init))
    }

    static func create(_ context: RequestContext) throws -> HTTPResponse {
        let user = try context.user()
        let objects = ScheduleObjects(db: context.db, user: user)
        try objects.requirePlanner()
        let body = try context.decode(Body.self)
        func required<T>(_ value: T?, _ field: String) throws -> T {
            guard let value else { throw APIError(400, "missing_field", "\(field): this field is required.") }
            return value
        }
        let title = try InputBounds.name(try required(body.title, "title"), field: "title")
        let group = try objects.plannableGroup(try required(body.groupId, "group_id"))
        let zone = try ScheduleInput.timeZone(body.timezone ?? user.timezone)
        let rule = RecurrenceRule(
            dayOfWeek: try required(body.dayOfWeek, "day_of_week"), startTime: try required(body.startTime, "start_time"),
            durationMinutes: try required(body.duration, "duration"), weekType: try weekType(body.weekType ?? "all"),
            validFrom: body.validFrom ?? CalendarDay(containing: context.now, in: zone),
            validUntil: body.validUntil ?? nil, timeZone: zone)
        if let problem = rule.problem() { throw problem }
        var record = RecurringLessonRecord(id: 0, title: title, teacherID: group.teacherID, groupID: group.id, rule: rule,
                                           topics: try (body.topics ?? nil).map { try InputBounds.text($0, field: "topics") },
                                           recordLesson: body.recordLesson ?? false)
        let repository = RecurringLessonRepository(context.db)
        record.id = try repository.insert(record)
        return JSONBody.response(201, RecurringLessonJSON(record))
    }

    static func show(_ context: RequestContext) throws -> HTTPResponse {
        let objects = ScheduleObjects(db: context.db, user: try context.user())
        return JSONBody.response(200, RecurringLessonJSON(try objects.recurringLesson(try context.id("id"), .read)))
    }

    static func update(_ context: RequestContext) throws -> HTTPResponse {
        let objects = ScheduleObjects(db: context.db, user: try context.user())
        var record = try objects.recurringLesson(try context.id("id"), .write)
        let body = try context.decode(Body.self)
        if let title = body.title { record.title = try InputBounds.name(title, field: "title") }
        if let groupID = body.groupId, groupID != record.groupID {
            let group = try objects.plannableGroup(groupID)
            guard group.teacherID == record.teacherID else {
                throw APIError.badRequest("group_id: group \(groupID) belongs to another teacher.")
            }
            record.groupID = group.id
        }
        if let day = body.dayOfWeek { record.rule.dayOfWeek = day }
        if let start = body.startTime { record.rule.startTime = start }
        if let duration = body.duration { record.rule.durationMinutes = duration }
        if let type = body.weekType { record.rule.weekType = try weekType(type) }
        if let from = body.validFrom { record.rule.validFrom = from }
        if let until = body.validUntil { record.rule.validUntil = until }
        if let zone = body.timezone { record.rule.timeZone = try ScheduleInput.timeZone(zone) }
        if let topics = body.topics { record.topics = try topics.map { try InputBounds.text($0, field: "topics") } }
        if let recordLesson = body.recordLesson { record.recordLesson = recordLesson }
        if let problem = record.rule.problem() { throw problem }
        try RecurringLessonRepository(context.db).update(record)
        return JSONBody.response(200, RecurringLessonJSON(record))
    }

    static func delete(_ context: RequestContext) throws -> HTTPResponse {
        let objects = ScheduleObjects(db: context.db, user: try context.user())
        let record = try objects.recurringLesson(try context.id("id"), .write)
        _ = try RecurringLessonRepository(context.db).delete(id: record.id)
        return .noContent()
    }

    /// `POST …/recurring-lessons/{id}/occurrences/{date}/`: the occurrence as a lesson,
    /// 201 when this call made it, 200 when it already existed.
    static func materialize(_ context: RequestContext) throws -> HTTPResponse {
        let user = try context.user()
        let objects = ScheduleObjects(db: context.db, user: user)
        let date = try occurrenceDate(context)
        let result = try OccurrenceMaterializer(db: context.db, configuration: context.configuration, now: context.now)
            .materializeReportingCreation(recurringLessonID: try context.id("id"), date: date, by: user)
        guard let lesson = try LessonRepository(context.db).find(id: result.id) else { throw APIError.notFound }
        return try JSONBody.response(result.created ? 201 : 200, LessonHandlers.json(lesson, context: context, objects: objects))
    }

    /// The `{date}` of an occurrence route: a malformed one names nothing (404); one outside
    /// the years stored is a 400.
    static func occurrenceDate(_ context: RequestContext) throws -> CalendarDay {
        guard let date = context.parameters["date"].flatMap(CalendarDay.init(parsing:)) else { throw APIError.notFound }
        return try InputBounds.day(date, field: "date")
    }

    private static func weekType(_ text: String) throws -> WeekType {
        guard let type = WeekType(rawValue: text) else {
            throw APIError.badRequest("week_type: must be \"all\", \"upper\" or \"lower\".")
        }
        return type
    }
}
