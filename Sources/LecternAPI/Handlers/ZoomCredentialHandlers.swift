import Foundation
import LecternCore
import LecternStore

/// `PUT /api/me/zoom-credentials/`: a teacher's own Server-to-Server OAuth app, used by
/// `POST …/lessons/{id}/start/`. Write-only: the secret is sealed and never returned.
enum ZoomCredentialHandlers {
    struct Body: Decodable {
        var accountId: String
        var clientId: String
        var clientSecret: String
    }

    static func put(_ context: RequestContext) throws -> HTTPResponse {
        let user = try context.user(in: [.teacher, .admin])
        let body = try context.decode(Body.self)
        let accountID = try field(body.accountId, "account_id")
        let clientID = try field(body.clientId, "client_id")
        let secret = try field(body.clientSecret, "client_secret")
        try ZoomAppRepository(context.db).savePersonal(ownerID: user.id, accountID: accountID, clientID: clientID,
                                                       clientSecretSealed: try context.secretBox().seal(secret))
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
