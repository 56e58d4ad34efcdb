import Foundation
import LecternCore
import LecternCrypto
import LecternPool
import LecternStore

/// `/api/schedule/event-providers/…` (admins): a host's own Zoom Server-to-Server OAuth app
/// (seed 004), its event type, and the Lectern user and Zoom user its events are held by.
/// Secrets are sealed at rest and write-only.
enum EventProviderHandlers {
    static let maxZoomUserLength = 254

    struct CreateBody: Decodable {
        var name: String
        var eventType: String
        var accountId: String
        var clientId: String
        var clientSecret: String
        var webhookSecret: String?
        var hostUserId: Int64
        var zoomUserId: String?
    }

    struct PatchBody: Decodable {
        var name: String?
        var eventType: String?
        var accountId: String?
        var clientId: String?
        var clientSecret: String?
        var webhookSecret: String??
        var hostUserId: Int64?
        var zoomUserId: String?

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decodeIfGiven(String.self, forKey: .name)
            eventType = try container.decodeIfGiven(String.self, forKey: .eventType)
            accountId = try container.decodeIfGiven(String.self, forKey: .accountId)
            clientId = try container.decodeIfGiven(String.self, forKey: .clientId)
            clientSecret = try container.decodeIfGiven(String.self, forKey: .clientSecret)
            webhookSecret = try container.decodeClearable(String.self, forKey: .webhookSecret)
            hostUserId = try container.decodeIfGiven(Int64.self, forKey: .hostUserId)
            zoomUserId = try container.decodeIfGiven(String.self, forKey: .zoomUserId)
        }

        enum CodingKeys: String, CodingKey {
            case name, eventType, accountId, clientId, clientSecret, webhookSecret, hostUserId, zoomUserId
        }
    }

    static let inUse = APIError(409, "provider_in_use",
                                "Events still use this provider; delete them or move them to another provider first.")

    static func list(_ context: RequestContext) throws -> HTTPResponse {
        _ = try context.user(in: [.admin])
        let limit = try ListPage<EventProviderJSON>.limit(context.request)
        let providers = try EventProviderRepository(context.db).list(afterID: try ScheduleInput.idCursor(context.request),
                                                                     limit: limit + 1)
        return JSONBody.response(200, ListPage(providers, limit: limit, request: context.request,
                                               cursor: { String($0.id) }, item: EventProviderJSON.init))
    }

    static func create(_ context: RequestContext) throws -> HTTPResponse {
        _ = try context.user(in: [.admin])
        let body = try context.decode(CreateBody.self)
        let name = try providerName(body.name)
        let type = try eventType(body.eventType)
        let accountID = try ZoomCredentialHandlers.field(body.accountId, "account_id")
        let clientID = try ZoomCredentialHandlers.field(body.clientId, "client_id")
        let secret = try ZoomCredentialHandlers.field(body.clientSecret, "client_secret")
        let webhookSecret = try body.webhookSecret.map { try ZoomCredentialHandlers.field($0, "webhook_secret") }
        let host = try eventHost(body.hostUserId, db: context.db)
        let zoomUser = try body.zoomUserId.map(zoomUserID) ?? host.email
        let box = try context.secretBox()
        let repository = EventProviderRepository(context.db)
        let id = try repository.insert(
            .init(name: name, eventType: type, hostUserID: host.id, zoomUserID: zoomUser, accountID: accountID,
                  clientID: clientID),
            secrets: { appID in
                .init(clientSecret: box.seal(secret, .appClientSecret, rowID: appID),
                      webhookSecret: webhookSecret.map { box.seal($0, .appWebhookSecret, rowID: appID) })
            },
            isSameWebhookSecret: box.webhookSecretMatcher(webhookSecret))
        return try JSONBody.response(201, EventProviderJSON(found(id, repository)))
    }

    static func show(_ context: RequestContext) throws -> HTTPResponse {
        _ = try context.user(in: [.admin])
        return try JSONBody.response(200, EventProviderJSON(found(try context.id("id"), EventProviderRepository(context.db))))
    }

    /// Changes any field; new credentials take effect at the next Zoom call. The event type
    /// stays while events use the provider (their meetings are of that type).
    static func update(_ context: RequestContext) throws -> HTTPResponse {
        _ = try context.user(in: [.admin])
        let id = try context.id("id")
        let repository = EventProviderRepository(context.db)
        let current = try found(id, repository)
        let body = try context.decode(PatchBody.self)
        let box = try context.secretBox()
        let change = EventProviderRepository.Change(
            name: try body.name.map(providerName), eventType: try body.eventType.map(eventType),
            hostUserID: try body.hostUserId.map { try eventHost($0, db: context.db).id },
            zoomUserID: try body.zoomUserId.map(zoomUserID),
            accountID: try body.accountId.map { try ZoomCredentialHandlers.field($0, "account_id") },
            clientID: try body.clientId.map { try ZoomCredentialHandlers.field($0, "client_id") },
            clientSecretSealed: try body.clientSecret.map {
                box.seal(try ZoomCredentialHandlers.field($0, "client_secret"), .appClientSecret, rowID: current.appID)
            },
            webhookSecretSealed: try body.webhookSecret.map { secret in
                try secret.map {
                    box.seal(try ZoomCredentialHandlers.field($0, "webhook_secret"), .appWebhookSecret, rowID: current.appID)
                }
            })
        if let type = change.eventType, type != current.eventType, try repository.isInUse(id: id) { throw inUse }
        let newSecret = try body.webhookSecret.flatMap { $0 }.map { try ZoomCredentialHandlers.field($0, "webhook_secret") }
        guard try repository.update(id: id, change, isSameWebhookSecret: box.webhookSecretMatcher(newSecret)) else {
            throw APIError.notFound
        }
        return try JSONBody.response(200, EventProviderJSON(found(id, repository)))
    }

    static func delete(_ context: RequestContext) throws -> HTTPResponse {
        _ = try context.user(in: [.admin])
        let id = try context.id("id")
        let repository = EventProviderRepository(context.db)
        guard try !repository.isInUse(id: id) else { throw inUse }
        do {
            guard try repository.delete(id: id) else { throw APIError.notFound }
        } catch DatabaseError.server(code: 1451, message: _) {
            // An event was planned with the provider between the check and the delete.
            throw inUse
        }
        return .noContent()
    }

    private static func found(_ id: Int64, _ repository: EventProviderRepository) throws -> EventProviderRecord {
        guard let provider = try repository.find(id: id) else { throw APIError.notFound }
        return provider
    }

    private static func providerName(_ text: String) throws -> String {
        try InputBounds.name(text, field: "name")
    }

    private static func eventType(_ text: String) throws -> EventType {
        guard let type = EventType(rawValue: text) else {
            throw APIError.badRequest("event_type: must be \"meeting\" or \"webinar\".")
        }
        return type
    }

    /// The Lectern user who hosts the provider's events: a teacher or an admin.
    private static func eventHost(_ id: Int64, db: Connection) throws -> User {
        guard let user = try UserRepository(db).find(id: id), user.role != .student else {
            throw APIError.badRequest("host_user_id: user \(id) is not a teacher or an admin.")
        }
        return user
    }

    private static func zoomUserID(_ text: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.unicodeScalars.count <= maxZoomUserLength else {
            throw APIError.badRequest("zoom_user_id: 1 to \(maxZoomUserLength) characters.")
        }
        return trimmed
    }
}
