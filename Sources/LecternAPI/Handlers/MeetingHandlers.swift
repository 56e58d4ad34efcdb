import Foundation
import LecternCore
import LecternPool
import LecternStore

/// Starting and ending lessons' Zoom meetings (SPEC §4): `start-new` (pool), `start`
/// (the teacher's own app), `quick-start`, `end`, and starting an occurrence.
enum MeetingHandlers {
    struct QuickStartBody: Decodable {
        var title: String
        var duration: Int
        var groupId: Int64?
    }

    struct EndJSON: JSONWritable {
        var lessonId: Int64
        var status: String

        func write(to json: inout JSONWriter) {
            json.object { json in
                json.field("lesson_id", lessonId)
                json.field("status", status)
            }
        }
    }

    /// `POST /api/schedule/lessons/{id}/start-new/`: borrow a pool host.
    static func startNew(_ context: RequestContext) throws -> HTTPResponse {
        let lesson = try startableLesson(context, id: try context.id("id"))
        return try startThroughPool(context, lessonID: lesson.id)
    }

    /// `POST /api/schedule/lessons/{id}/start/`: the lesson's teacher's own Zoom app.
    static func startPersonal(_ context: RequestContext) throws -> HTTPResponse {
        let lesson = try startableLesson(context, id: try context.id("id"))
        guard let app = try ZoomAppRepository(context.db).personal(ownerID: lesson.teacherID) else {
            throw PoolError.credentialsMissing
        }
        let start = try context.lessonStarter().start(lessonID: lesson.id, via: .app(app.id))
        return JSONBody.response(200, start)
    }

    /// `POST /api/schedule/lessons/quick-start/`: an express lesson, starting now, through the pool.
    static func quickStart(_ context: RequestContext) throws -> HTTPResponse {
        let user = try context.user()
        let objects = ScheduleObjects(db: context.db, user: user)
        try objects.requirePlanner()
        let body = try context.decode(QuickStartBody.self)
        let title = try InputBounds.name(body.title, field: "title")
        _ = try InputBounds.duration(body.duration)
        let group = try body.groupId.map { try objects.plannableGroup($0) }
        try requireSubscription(user, context)
        try EnvironmentApp.ensure(configuration: context.configuration, db: context.db)
        let start = try context.lessonStarter().quickStart(
            title: title, durationMinutes: body.duration, groupID: group?.id,
            teacherID: user.role == .teacher ? user.id : (group?.teacherID ?? user.id))
        return JSONBody.response(201, start)
    }

    /// `POST /api/schedule/lessons/{id}/end/`.
    static func end(_ context: RequestContext) throws -> HTTPResponse {
        let objects = ScheduleObjects(db: context.db, user: try context.user())
        let lesson = try objects.lesson(try context.id("id"), .write)
        try context.lessonStarter().end(lessonID: lesson.id)
        return JSONBody.response(200, EndJSON(lessonId: lesson.id, status: LessonStatus.ended.rawValue))
    }

    /// `POST /api/schedule/recurring-lessons/{id}/occurrences/{date}/start-new/`: materialise
    /// the occurrence (idempotently), then start it like start-new.
    static func startOccurrence(_ context: RequestContext) throws -> HTTPResponse {
        let user = try context.user()
        let date = try RecurringLessonHandlers.occurrenceDate(context)
        let lessonID = try OccurrenceMaterializer(db: context.db, configuration: context.configuration, now: context.now)
            .materialize(recurringLessonID: try context.id("id"), date: date, by: user)
        let lesson = try startableLesson(context, id: lessonID)
        return try startThroughPool(context, lessonID: lesson.id)
    }

    /// The lesson, if the caller may start it: invisible → 404, a student → 403, an expired
    /// subscription → 403 `subscription_expired`.
    private static func startableLesson(_ context: RequestContext, id: Int64) throws -> LessonRecord {
        let user = try context.user()
        let lesson = try ScheduleObjects(db: context.db, user: user).lesson(id, .write)
        try requireSubscription(user, context)
        return lesson
    }

    private static func startThroughPool(_ context: RequestContext, lessonID: Int64) throws -> HTTPResponse {
        try EnvironmentApp.ensure(configuration: context.configuration, db: context.db)
        let start = try context.lessonStarter().start(lessonID: lessonID, via: .pool)
        return JSONBody.response(200, start)
    }

    private static func requireSubscription(_ user: User, _ context: RequestContext) throws {
        guard user.subscriptionActive(at: context.now) else {
            throw APIError(403, "subscription_expired", "Your subscription has expired; lessons can be planned but not started.")
        }
    }
}
