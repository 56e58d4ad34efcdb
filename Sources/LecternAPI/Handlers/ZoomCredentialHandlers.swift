import Foundation
import LecternCore
import LecternCrypto
import LecternPool
import LecternStore

/// `PUT /api/me/zoom-credentials/`: a teacher's own Server-to-Server OAuth app, used by
/// `POST …/lessons/{id}/start/`, and optionally its webhook secret, without which the app's
/// meetings get no webhook effects (SPEC §5). Write-only: the secrets are sealed and never
/// returned; a webhook secret another app has is a 409.
enum ZoomCredentialHandlers {
    struct Body: Decodable {
        var accountId: String
        var clientId: String
        var clientSecret: String
        var webhookSecret: String?
    }

    static func put(_ context: RequestContext) throws -> HTTPResponse {
        let user = try context.user(in: [.teacher, .admin])
        let body = try context.decode(Body.self)
        let accountID = try field(body.accountId, "account_id")
        let clientID = try field(body.clientId, "client_id")
        let secret = try field(body.clientSecret, "client_secret")
        let webhookSecret = try body.webhookSecret.map { try field($0, "webhook_secret") }
        let box = try context.secretBox()
        try ZoomAppRepository(context.db).savePersonal(
            ownerID: user.id, accountID: accountID, clientID: clientID,
            secrets: { appID in
                (box.seal(secret, .appClientSecret, rowID: appID),
                 webhookSecret.map { box.seal($0, .appWebhookSecret, rowID: appID) })
            },
            isSameWebhookSecret: box.webhookSecretMatcher(webhookSecret))
        return .noContent()
    }

    /// A trimmed, non-blank credential of at most 128 characters (event providers' too).
    static func field(_ value: String, _ name: String) throws -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw APIError.badRequest("\(name): this field may not be blank.") }
        guard trimmed.unicodeScalars.count <= 128 else { throw APIError.badRequest("\(name): at most 128 characters.") }
        return trimmed
    }
}
