import Foundation
import LecternCore
import LecternStore

/// `/api/schedule/recordings/…` and a lesson's recordings: the files moved to Drive.
enum RecordingHandlers {
    static func list(_ context: RequestContext) throws -> HTTPResponse {
        try page(context, lessonID: try ScheduleInput.id(context.request, "lesson_id"))
    }

    /// `GET /api/schedule/lessons/{id}/recordings/`: the lesson must be visible (else 404).
    static func ofLesson(_ context: RequestContext) throws -> HTTPResponse {
        let objects = ScheduleObjects(db: context.db, user: try context.user())
        let lesson = try objects.lesson(try context.id("id"), .read)
        return try page(context, lessonID: lesson.id)
    }

    /// `POST /api/schedule/recordings/{id}/retry/`: the lesson's teacher or an admin
    /// re-queues a `failed` recording (409 otherwise).
    static func retry(_ context: RequestContext) throws -> HTTPResponse {
        let user = try context.user()
        let id = try context.id("id")
        let repository = RecordingRepository(context.db)
        guard let recording = try visible(id, to: user, repository: repository) else { throw APIError.notFound }
        guard mayRetry(recording, user: user) else { throw APIError.forbidden }
        guard let fileID = try repository.zoomFileID(id: id), try repository.requeueFailed(id: id, zoomFileID: fileID) else {
            throw APIError(409, "recording_not_failed", "Only a failed recording can be retried; this one is \(recording.status.rawValue).")
        }
        guard let queued = try repository.listed(id: id) else { throw APIError.notFound }
        return JSONBody.response(202, RecordingJSON(recording: queued, showsProblems: true))
    }

    private static func page(_ context: RequestContext, lessonID: Int64?) throws -> HTTPResponse {
        let user = try context.user()
        let request = context.request
        let limit = try ListPage<RecordingJSON>.limit(request)
        let status = try request.query["status"].map { text in
            guard let status = RecordingStatus(rawValue: text) else {
                let known = RecordingStatus.allCases.map(\.rawValue).joined(separator: ", ")
                throw APIError.badRequest("status: must be one of \(known).")
            }
            return status
        }
        let recordings = try RecordingRepository(context.db).list(
            scope: ScheduleScope(user), lessonID: lessonID, status: status,
            afterID: try ScheduleInput.idCursor(request), limit: limit + 1)
        return JSONBody.response(200, ListPage(recordings, limit: limit, request: request, cursor: { String($0.id) },
                                               item: { RecordingJSON(recording: $0, showsProblems: mayRetry($0, user: user)) }))
    }

    /// The recording if `user` may see it, under the list's rules.
    static func visible(_ id: Int64, to user: User, repository: RecordingRepository) throws -> RecordingRepository.Listed? {
        try repository.list(scope: ScheduleScope(user), lessonID: nil, status: nil, afterID: id - 1, limit: 1)
            .first { $0.id == id }
    }

    private static func mayRetry(_ recording: RecordingRepository.Listed, user: User) -> Bool {
        user.role == .admin || (user.role == .teacher && recording.teacherID == user.id)
    }
}
