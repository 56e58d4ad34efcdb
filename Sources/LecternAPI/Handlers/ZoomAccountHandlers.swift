import Foundation
import LecternCore
import LecternPool
import LecternStore

/// `/api/schedule/zoom-accounts/…` (admins): the pool's hosts, their load, and a way to
/// take a stuck host back by force.
enum ZoomAccountHandlers {
    static let maxConcurrentLimit = 1...100

    struct CreateBody: Decodable {
        var email: String
        var zoomUserId: String?
        var maxConcurrentMeetings: Int?
        var isActive: Bool?
    }

    struct PatchBody: Decodable {
        var email: String?
        var zoomUserId: String?
        var maxConcurrentMeetings: Int?
        var isActive: Bool?

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            email = try container.decodeIfGiven(String.self, forKey: .email)
            zoomUserId = try container.decodeIfGiven(String.self, forKey: .zoomUserId)
            maxConcurrentMeetings = try container.decodeIfGiven(Int.self, forKey: .maxConcurrentMeetings)
            isActive = try container.decodeIfGiven(Bool.self, forKey: .isActive)
        }

        enum CodingKeys: String, CodingKey {
            case email, zoomUserId, maxConcurrentMeetings, isActive
        }
    }

    static func list(_ context: RequestContext) throws -> HTTPResponse {
        _ = try context.user(in: [.admin])
        let limit = try ListPage<ZoomAccountJSON>.limit(context.request)
        let hosts = try PoolRepository(context.db).hosts(afterID: try ScheduleInput.idCursor(context.request),
                                                         limit: limit + 1)
        return JSONBody.response(200, ListPage(hosts, limit: limit, request: context.request,
                                               cursor: { String($0.id) }, item: ZoomAccountJSON.init))
    }

    static func create(_ context: RequestContext) throws -> HTTPResponse {
        _ = try context.user(in: [.admin])
        let body = try context.decode(CreateBody.self)
        let email = try hostEmail(body.email)
        let zoomUserID = try body.zoomUserId.map { try zoomUser($0) }
        let max = try limit(body.maxConcurrentMeetings ?? 1)
        try EnvironmentApp.ensure(configuration: context.configuration, db: context.db)
        guard try ZoomAppRepository(context.db).find(id: ZoomAppRepository.environmentAppID) != nil else {
            throw APIError(409, "zoom_app_missing",
                           "The pool's Zoom app is not configured (ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET).")
        }
        let repository = PoolRepository(context.db)
        let id: Int64
        do {
            id = try repository.insertHost(appID: ZoomAppRepository.environmentAppID, email: email, zoomUserID: zoomUserID,
                                           maxConcurrentMeetings: max, isActive: body.isActive ?? true)
        } catch DatabaseError.duplicateKey {
            throw duplicate(email)
        }
        return try JSONBody.response(201, ZoomAccountJSON(found(id, repository)))
    }

    static func update(_ context: RequestContext) throws -> HTTPResponse {
        _ = try context.user(in: [.admin])
        let id = try context.id("id")
        let body = try context.decode(PatchBody.self)
        let change = PoolRepository.HostChange(email: try body.email.map(hostEmail),
                                               zoomUserID: try body.zoomUserId.map { try zoomUser($0) },
                                               maxConcurrentMeetings: try body.maxConcurrentMeetings.map(limit),
                                               isActive: body.isActive)
        let repository = PoolRepository(context.db)
        let outcome: PoolRepository.HostUpdate
        do {
            outcome = try repository.updateHost(id: id, change)
        } catch DatabaseError.duplicateKey {
            throw duplicate(change.email ?? "")
        }
        switch outcome {
        case .notFound:
            throw APIError.notFound
        case .busy(let active):
            throw APIError(409, "account_busy", "max_concurrent_meetings: the host is running \(active) meetings now; "
                           + "release them or wait before lowering the limit below that.")
        case .updated:
            return try JSONBody.response(200, ZoomAccountJSON(found(id, repository)))
        }
    }

    /// `POST …/{id}/release/`: gives back every lease of the host; its live lessons end.
    static func release(_ context: RequestContext) throws -> HTTPResponse {
        _ = try context.user(in: [.admin])
        let id = try context.id("id")
        let repository = PoolRepository(context.db)
        _ = try found(id, repository)
        try context.db.transaction { tx in
            let lessons = try PoolRepository(tx).releaseHost(id: id, reason: "admin", now: context.now)
            try LessonMeetingRepository(tx).endLive(lessonIDs: lessons, now: context.now)
        }
        return try JSONBody.response(200, ZoomAccountJSON(found(id, repository)))
    }

    private static func found(_ id: Int64, _ repository: PoolRepository) throws -> PoolRepository.Host {
        guard let host = try repository.host(id: id) else { throw APIError.notFound }
        return host
    }

    private static func hostEmail(_ text: String) throws -> String {
        let email = try InputBounds.email(text)
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw APIError.badRequest("email: enter a valid email address.")
        }
        return email
    }

    private static func zoomUser(_ text: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.unicodeScalars.count <= 128 else {
            throw APIError.badRequest("zoom_user_id: 1 to 128 characters.")
        }
        return trimmed
    }

    private static func limit(_ value: Int) throws -> Int {
        guard maxConcurrentLimit.contains(value) else {
            throw APIError.badRequest("max_concurrent_meetings: must be \(maxConcurrentLimit.lowerBound) to \(maxConcurrentLimit.upperBound).")
        }
        return value
    }

    private static func duplicate(_ email: String) -> APIError {
        APIError(409, "duplicate_email", "email: a pool host with email \(email) already exists.")
    }
}
