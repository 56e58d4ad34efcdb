import Foundation
import LecternCore
import LecternCrypto
import LecternPool
import LecternStore

/// `/api/schedule/lessons/…`: one-off (and materialised) lessons: list, plan, edit,
/// cancel, delete. Starting and ending meetings live with the Zoom pool.
enum LessonHandlers {
    struct CreateBody: Decodable {
        var title: String
        var groupId: Int64
        var startTime: Date
        var endTime: Date?
        var duration: Int?
        var topics: String?
        var recordLesson: Bool?
    }

    struct PatchBody: Decodable {
        var title: String?
        var groupId: Int64?
        var startTime: Date?
        var endTime: Date?
        var duration: Int?
        var topics: String??
        var recordLesson: Bool?
        var status: String?

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            title = try container.decodeIfGiven(String.self, forKey: .title)
            groupId = try container.decodeIfGiven(Int64.self, forKey: .groupId)
            startTime = try container.decodeIfGiven(Date.self, forKey: .startTime)
            endTime = try container.decodeIfGiven(Date.self, forKey: .endTime)
            duration = try container.decodeIfGiven(Int.self, forKey: .duration)
            topics = try container.decodeClearable(String.self, forKey: .topics)
            recordLesson = try container.decodeIfGiven(Bool.self, forKey: .recordLesson)
            status = try container.decodeIfGiven(String.self, forKey: .status)
        }

        enum CodingKeys: String, CodingKey {
            case title, groupId, startTime, endTime, duration, topics, recordLesson, status
        }

        /// Whether the body moves the lesson in time or to another group.
        var replans: Bool { groupId != nil || startTime != nil || endTime != nil || duration != nil }
    }

    static let notScheduled = APIError(409, "lesson_not_scheduled", "Only a scheduled lesson can be cancelled or moved.")

    static func list(_ context: RequestContext) throws -> HTTPResponse {
        let user = try context.user()
        let objects = ScheduleObjects(db: context.db, user: user)
        let request = context.request
        let limit = try ListPage<LessonJSON>.limit(request)
        let starting = try ScheduleInput.optionalDayRange(request).map { days in
            InputBounds.storable(try DayRange(from: days.from, to: days.to)
                .interval(in: ScheduleInput.zone(of: user)))
        }
        let lessons = try LessonRepository(context.db).list(
            scope: objects.scope, groupID: try ScheduleInput.id(request, "group_id"), starting: starting,
            after: try LessonCursor.parse(request.query["cursor"]), limit: limit + 1)
        return try JSONBody.response(200, ListPage(lessons, limit: limit, request: request,
                                                   cursor: { LessonCursor.text(start: $0.start, id: $0.id) },
                                                   item: { try json($0, context: context, objects: objects) }))
    }

    static func create(_ context: RequestContext) throws -> HTTPResponse {
        let objects = ScheduleObjects(db: context.db, user: try context.user())
        try objects.requirePlanner()
        let body = try context.decode(CreateBody.self)
        let title = try InputBounds.name(body.title, field: "title")
        let topics = try body.topics.map { try InputBounds.text($0, field: "topics") }
        let group = try objects.plannableGroup(body.groupId)
        let start = try InputBounds.instant(body.startTime, field: "start_time")
        let end = try LessonTiming.end(start: start, end: body.endTime, durationMinutes: body.duration)
        let repository = LessonRepository(context.db)
        let id = try repository.insert(.init(title: title, teacherID: group.teacherID, groupID: group.id,
                                             start: start, end: end, topics: topics,
                                             recordLesson: body.recordLesson ?? false))
        guard let lesson = try repository.find(id: id) else { throw APIError.notFound }
        return try JSONBody.response(201, json(lesson, context: context, objects: objects))
    }

    static func show(_ context: RequestContext) throws -> HTTPResponse {
        let objects = ScheduleObjects(db: context.db, user: try context.user())
        let lesson = try objects.lesson(try context.id("id"), .read)
        return try JSONBody.response(200, json(lesson, context: context, objects: objects))
    }

    static func update(_ context: RequestContext) throws -> HTTPResponse {
        let objects = ScheduleObjects(db: context.db, user: try context.user())
        let id = try context.id("id")
        // Visibility first, so that a stranger learns nothing from a bad body.
        _ = try objects.lesson(id, .write)
        let body = try context.decode(PatchBody.self)
        let repository = LessonRepository(context.db)
        try context.db.transaction { _ in
            let current = try objects.lockedLesson(id, .write)
            let planned = try replanned(current, with: body, objects: objects)
            if planned != current { try repository.updatePlan(planned) }
            if let status = body.status {
                try apply(status: status, to: current, repository: repository)
            }
        }
        guard let lesson = try repository.find(id: id) else { throw APIError.notFound }
        return try JSONBody.response(200, json(lesson, context: context, objects: objects))
    }

    static func delete(_ context: RequestContext) throws -> HTTPResponse {
        let objects = ScheduleObjects(db: context.db, user: try context.user())
        let lesson = try objects.lesson(try context.id("id"), .write)
        guard try LessonRepository(context.db).deleteIfNeverStarted(id: lesson.id) else {
            throw APIError(409, "lesson_started", "A lesson that has been started cannot be deleted; it stays on record.")
        }
        return .noContent()
    }

    /// `current` with the body's plan changes, checked.
    private static func replanned(_ current: LessonRecord, with body: PatchBody,
                                  objects: ScheduleObjects) throws -> LessonRecord {
        var lesson = current
        if let title = body.title { lesson.title = try InputBounds.name(title, field: "title") }
        if let topics = body.topics { lesson.topics = try topics.map { try InputBounds.text($0, field: "topics") } }
        if let record = body.recordLesson { lesson.recordLesson = record }
        guard body.replans else { return lesson }
        guard current.status == .scheduled else { throw notScheduled }
        if let groupID = body.groupId, groupID != current.groupID {
            let group = try objects.plannableGroup(groupID)
            guard group.teacherID == current.teacherID else {
                throw APIError.badRequest("group_id: group \(groupID) belongs to another teacher.")
            }
            lesson.groupID = group.id
        }
        if let start = body.startTime {
            // Moving the start alone keeps the lesson's length.
            lesson.start = try InputBounds.instant(start, field: "start_time")
            lesson.end = lesson.start.addingTimeInterval(current.end.timeIntervalSince(current.start))
        }
        if body.endTime != nil || body.duration != nil {
            lesson.end = try LessonTiming.end(start: lesson.start, end: body.endTime, durationMinutes: body.duration)
        }
        try LessonTiming.check(start: lesson.start, end: lesson.end)
        return lesson
    }

    /// PATCH `status`: only cancelling a scheduled lesson; repeating the current status is a no-op.
    private static func apply(status text: String, to lesson: LessonRecord, repository: LessonRepository) throws {
        guard let status = LessonStatus(rawValue: text) else {
            throw APIError.badRequest("status: must be \"cancelled\" (or the lesson's current status).")
        }
        if status == .cancelled {
            guard lesson.status == .scheduled, try repository.cancel(id: lesson.id) else { throw notScheduled }
        } else if status != lesson.status {
            throw APIError.badRequest("status: only \"cancelled\" can be set; lessons start and end through Zoom.")
        }
    }

    /// The lesson as `context`'s caller may see it, with the start URL opened for its teacher and admins.
    static func json(_ lesson: LessonRecord, context: RequestContext, objects: ScheduleObjects) throws -> LessonJSON {
        guard objects.seesStartURL(of: lesson) else { return LessonJSON(lesson, startURL: .none) }
        guard let sealed = lesson.zoomStartURLSealed else { return LessonJSON(lesson, startURL: .some(nil)) }
        let key = try RequestContext.masterKey(try context.configuration.require(context.configuration.masterKey,
                                                                            "LECTERN_MASTER_KEY"))
        // A value that was not sealed for this lesson (copied from elsewhere) is not shown.
        return LessonJSON(lesson, startURL: .some(try? SecretBox(key: key).open(sealed, .lessonStartURL, rowID: lesson.id)))
    }
}
