import Foundation
import LecternCore

/// Zoom Server-to-Server OAuth apps: the pool's (the environment's app is #1), teachers'
/// personal ones and event providers'. Secrets arrive and leave sealed; this type never
/// sees them in the clear.
public struct ZoomAppRepository {
    /// The id of the app configured by `ZOOM_*` (SPEC §3).
    public static let environmentAppID: Int64 = 1

    let db: Connection

    public init(_ db: Connection) {
        self.db = db
    }

    public enum Kind: String, Sendable, CaseIterable {
        case pool, personal, provider
    }

    /// An app's credentials, secrets still sealed.
    public struct App: Sendable, Equatable {
        public var id: Int64
        public var kind: Kind
        public var ownerUserID: Int64?
        public var accountID: String
        public var clientID: String
        public var clientSecretSealed: String
        public var webhookSecretSealed: String?
    }

    static let columns = "id, kind, owner_user_id, account_id, client_id, client_secret_enc, webhook_secret_enc"

    static func app(from row: Row) throws -> App {
        App(id: try row.requiredInt("id"), kind: try row.required("kind", as: Kind.self),
            ownerUserID: row.int("owner_user_id"), accountID: try row.requiredString("account_id"),
            clientID: try row.requiredString("client_id"), clientSecretSealed: try row.requiredString("client_secret_enc"),
            webhookSecretSealed: row.string("webhook_secret_enc"))
    }

    public func find(id: Int64) throws -> App? {
        try db.query("SELECT \(Self.columns) FROM zoom_apps WHERE id = ?", [.int(id)]).first.map(Self.app(from:))
    }

    /// A teacher's personal app, if they stored credentials.
    public func personal(ownerID: Int64) throws -> App? {
        try db.query("SELECT \(Self.columns) FROM zoom_apps WHERE kind = 'personal' AND owner_user_id = ?",
                     [.int(ownerID)]).first.map(Self.app(from:))
    }

    /// Creates or replaces app #1 from the environment. Changed credentials drop the shared
    /// token, which belonged to the old ones.
    public func saveEnvironmentApp(accountID: String, clientID: String, clientSecretSealed: String,
                                   webhookSecretSealed: String?) throws {
        try db.execute("""
            INSERT INTO zoom_apps (id, name, kind, account_id, client_id, client_secret_enc, webhook_secret_enc)
            VALUES (?, 'environment', 'pool', ?, ?, ?, ?)
            ON DUPLICATE KEY UPDATE kind = 'pool', owner_user_id = NULL, account_id = VALUES(account_id),
                client_id = VALUES(client_id), client_secret_enc = VALUES(client_secret_enc),
                webhook_secret_enc = VALUES(webhook_secret_enc), access_token_enc = NULL, access_token_expires_at = NULL
            """, [.int(Self.environmentAppID), .text(accountID), .text(clientID), .text(clientSecretSealed),
                  .optional(webhookSecretSealed)])
    }

    /// Stores (or replaces) a teacher's personal credentials, the secrets sealed by `secrets`
    /// for the app's id; returns the app id. A webhook secret another app has throws
    /// ``WebhookSecretTaken`` (see ``ensureWebhookSecretFree(exceptAppID:isSame:)``).
    @discardableResult
    public func savePersonal(ownerID: Int64, accountID: String, clientID: String,
                             secrets: (_ appID: Int64) -> (clientSecret: String, webhookSecret: String?),
                             isSameWebhookSecret: (Int64, String) -> Bool = { _, _ in false }) throws -> Int64 {
        try db.transaction { tx in
            let appID = try tx.execute("""
                INSERT INTO zoom_apps (name, kind, owner_user_id, account_id, client_id, client_secret_enc)
                VALUES ('personal', 'personal', ?, ?, ?, '')
                ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id), account_id = VALUES(account_id),
                    client_id = VALUES(client_id), access_token_enc = NULL, access_token_expires_at = NULL
                """, [.int(ownerID), .text(accountID), .text(clientID)]).lastInsertID
            let sealed = secrets(appID)
            if sealed.webhookSecret != nil {
                try ZoomAppRepository(tx).ensureWebhookSecretFree(exceptAppID: appID, isSame: isSameWebhookSecret)
            }
            try tx.execute("UPDATE zoom_apps SET client_secret_enc = ?, webhook_secret_enc = ? WHERE id = ?",
                           [.text(sealed.clientSecret), .optional(sealed.webhookSecret), .int(appID)])
            return appID
        }
    }

    /// Fails with ``WebhookSecretTaken`` when an app other than `appID` already has the
    /// webhook secret that `isSame` recognises in its sealed form (app id, sealed value): the
    /// secret that verifies a delivery names the app, so two apps must never share one (SPEC
    /// §5). Reads every app with a locking read, so two saves of one secret take turns. Call
    /// inside a transaction.
    public func ensureWebhookSecretFree(exceptAppID appID: Int64?, isSame: (Int64, String) -> Bool) throws {
        let stored = try db.query("SELECT id, webhook_secret_enc FROM zoom_apps FOR UPDATE")
        for row in stored {
            guard let id = row.int("id"), id != appID, let sealed = row.string("webhook_secret_enc") else { continue }
            if isSame(id, sealed) { throw WebhookSecretTaken() }
        }
    }

    /// The shared access token of one app.
    public func tokenStore(appID: Int64) -> ZoomTokenRepository {
        ZoomTokenRepository(db: db, appID: appID)
    }
}

/// A webhook secret that another app already has.
public struct WebhookSecretTaken: Error, Sendable {
    public init() {}
}
