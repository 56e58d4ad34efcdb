import Foundation
import LecternCore

/// Event providers and their Zoom apps (kind `provider`). Secrets arrive sealed — for a new
/// app, sealed once its id is known, since a sealed value is bound to its row.
public struct EventProviderRepository {
    let db: Connection

    public init(_ db: Connection) {
        self.db = db
    }

    /// A new provider with its app's credentials.
    public struct NewProvider: Sendable {
        public var name: String
        public var eventType: EventType
        public var hostUserID: Int64
        public var zoomUserID: String
        public var accountID: String
        public var clientID: String

        public init(name: String, eventType: EventType, hostUserID: Int64, zoomUserID: String, accountID: String,
                    clientID: String) {
            self.name = name
            self.eventType = eventType
            self.hostUserID = hostUserID
            self.zoomUserID = zoomUserID
            self.accountID = accountID
            self.clientID = clientID
        }
    }

    /// A new app's secrets, sealed for its row.
    public struct SealedSecrets: Sendable {
        public var clientSecret: String
        public var webhookSecret: String?

        public init(clientSecret: String, webhookSecret: String?) {
            self.clientSecret = clientSecret
            self.webhookSecret = webhookSecret
        }
    }

    /// What a PATCH changes; `nil` leaves a field as it is. The webhook secret can be
    /// cleared (`.some(nil)`).
    public struct Change: Sendable {
        public var name: String?
        public var eventType: EventType?
        public var hostUserID: Int64?
        public var zoomUserID: String?
        public var accountID: String?
        public var clientID: String?
        public var clientSecretSealed: String?
        public var webhookSecretSealed: String??

        public init(name: String? = nil, eventType: EventType? = nil, hostUserID: Int64? = nil, zoomUserID: String? = nil,
                    accountID: String? = nil, clientID: String? = nil, clientSecretSealed: String? = nil,
                    webhookSecretSealed: String?? = .none) {
            self.name = name
            self.eventType = eventType
            self.hostUserID = hostUserID
            self.zoomUserID = zoomUserID
            self.accountID = accountID
            self.clientID = clientID
            self.clientSecretSealed = clientSecretSealed
            self.webhookSecretSealed = webhookSecretSealed
        }

        /// Whether the app's OAuth credentials change (its shared token then belongs to the old ones).
        var changesCredentials: Bool {
            accountID != nil || clientID != nil || clientSecretSealed != nil
        }
    }

    private static let select = """
        SELECT p.id, p.name, p.app_id, p.event_type, p.host_user_id, p.zoom_user_id, a.account_id, a.client_id,
               a.webhook_secret_enc IS NOT NULL AS has_webhook_secret
        FROM event_providers p JOIN zoom_apps a ON a.id = p.app_id
        """

    static func record(from row: Row) throws -> EventProviderRecord {
        EventProviderRecord(id: try row.requiredInt("id"), name: try row.requiredString("name"),
                            appID: try row.requiredInt("app_id"), eventType: try row.required("event_type", as: EventType.self),
                            hostUserID: try row.requiredInt("host_user_id"), zoomUserID: try row.requiredString("zoom_user_id"),
                            accountID: try row.requiredString("account_id"), clientID: try row.requiredString("client_id"),
                            hasWebhookSecret: try row.requiredBool("has_webhook_secret"))
    }

    public func find(id: Int64) throws -> EventProviderRecord? {
        try db.query("\(Self.select) WHERE p.id = ?", [.int(id)]).first.map(Self.record(from:))
    }

    /// Providers with ids above `afterID`, in id order.
    public func list(afterID: Int64, limit: Int) throws -> [EventProviderRecord] {
        try db.query("\(Self.select) WHERE p.id > ? ORDER BY p.id LIMIT ?", [.int(afterID), .int(limit)])
            .map(Self.record(from:))
    }

    /// Stores the app and the provider together; returns the provider's id. `secrets` seals
    /// the app's secrets for the app's id; `isSameWebhookSecret` recognises the new webhook
    /// secret in another app's sealed value (app id, value): a secret another app has throws
    /// ``WebhookSecretTaken``.
    public func insert(_ provider: NewProvider, secrets: (_ appID: Int64) -> SealedSecrets,
                       isSameWebhookSecret: (Int64, String) -> Bool = { _, _ in false }) throws -> Int64 {
        try db.transaction { tx in
            let appID = try tx.execute("""
                INSERT INTO zoom_apps (name, kind, account_id, client_id, client_secret_enc) VALUES (?, 'provider', ?, ?, '')
                """, [.text(provider.name), .text(provider.accountID), .text(provider.clientID)]).lastInsertID
            let sealed = secrets(appID)
            if sealed.webhookSecret != nil {
                try ZoomAppRepository(tx).ensureWebhookSecretFree(exceptAppID: appID, isSame: isSameWebhookSecret)
            }
            try tx.execute("UPDATE zoom_apps SET client_secret_enc = ?, webhook_secret_enc = ? WHERE id = ?",
                           [.text(sealed.clientSecret), .optional(sealed.webhookSecret), .int(appID)])
            return try tx.execute("""
                INSERT INTO event_providers (name, app_id, event_type, host_user_id, zoom_user_id) VALUES (?, ?, ?, ?, ?)
                """, [.text(provider.name), .int(appID), .text(provider.eventType.rawValue), .int(provider.hostUserID),
                      .text(provider.zoomUserID)]).lastInsertID
        }
    }

    /// Applies `change`; `false` when there is no such provider. New credentials drop the
    /// app's shared token. A new webhook secret that another app has (``insert(_:isSameWebhookSecret:)``)
    /// throws ``WebhookSecretTaken``.
    public func update(id: Int64, _ change: Change,
                       isSameWebhookSecret: (Int64, String) -> Bool = { _, _ in false }) throws -> Bool {
        try db.transaction { tx in
            guard let appID = try tx.query("SELECT app_id FROM event_providers WHERE id = ? FOR UPDATE", [.int(id)])
                .first?.int("app_id") else { return false }
            if case .some(.some) = change.webhookSecretSealed {
                try ZoomAppRepository(tx).ensureWebhookSecretFree(exceptAppID: appID, isSame: isSameWebhookSecret)
            }
            try tx.execute("""
                UPDATE event_providers SET name = COALESCE(?, name), event_type = COALESCE(?, event_type),
                    host_user_id = COALESCE(?, host_user_id), zoom_user_id = COALESCE(?, zoom_user_id)
                WHERE id = ?
                """, [.optional(change.name), .optional(change.eventType?.rawValue), .optional(change.hostUserID),
                      .optional(change.zoomUserID), .int(id)])
            try tx.execute("""
                UPDATE zoom_apps SET name = COALESCE(?, name), account_id = COALESCE(?, account_id),
                    client_id = COALESCE(?, client_id), client_secret_enc = COALESCE(?, client_secret_enc)
                WHERE id = ?
                """, [.optional(change.name), .optional(change.accountID), .optional(change.clientID),
                      .optional(change.clientSecretSealed), .int(appID)])
            if let webhookSecret = change.webhookSecretSealed {
                try tx.execute("UPDATE zoom_apps SET webhook_secret_enc = ? WHERE id = ?",
                               [.optional(webhookSecret), .int(appID)])
            }
            if change.changesCredentials {
                try tx.execute("UPDATE zoom_apps SET access_token_enc = NULL, access_token_expires_at = NULL WHERE id = ?",
                               [.int(appID)])
            }
            return true
        }
    }

    /// Whether events (of any status) belong to the provider.
    public func isInUse(id: Int64) throws -> Bool {
        try !db.query("SELECT 1 FROM events WHERE provider_id = ? LIMIT 1", [.int(id)]).isEmpty
    }

    /// Deletes the provider and its app; `false` when there is no such provider. Throws
    /// ``DatabaseError/server(code:message:)`` 1451 when an event still refers to it.
    public func delete(id: Int64) throws -> Bool {
        try db.transaction { tx in
            guard let appID = try tx.query("SELECT app_id FROM event_providers WHERE id = ? FOR UPDATE", [.int(id)])
                .first?.int("app_id") else { return false }
            try tx.execute("DELETE FROM event_providers WHERE id = ?", [.int(id)])
            try tx.execute("DELETE FROM zoom_apps WHERE id = ? AND kind = 'provider'", [.int(appID)])
            return true
        }
    }
}
