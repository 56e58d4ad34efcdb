import Foundation
import LecternCore
import LecternCrypto
import LecternStore

/// Keeps app #1 (kind `pool`) equal to the `ZOOM_*` settings (SPEC §3): run by `lectern
/// migrate` and by the transfer child when `serve` starts it.
public enum EnvironmentApp {
    public enum Outcome: Equatable {
        /// `ZOOM_ACCOUNT_ID`, `ZOOM_CLIENT_ID` or `ZOOM_CLIENT_SECRET` is not set.
        case notConfigured
        case unchanged
        case saved
    }

    /// Creates app #1 from the settings if it does not exist yet (a pool started without
    /// `migrate` or the transfer child); leaves an existing one alone.
    public static func ensure(configuration: Configuration, db: Connection) throws {
        guard try ZoomAppRepository(db).find(id: ZoomAppRepository.environmentAppID) == nil else { return }
        try sync(configuration: configuration, db: db)
    }

    @discardableResult
    public static func sync(configuration: Configuration, db: Connection) throws -> Outcome {
        guard let accountID = configuration.zoomAccountID, let clientID = configuration.zoomClientID,
              let secret = configuration.zoomClientSecret else { return .notConfigured }
        let box = SecretBox(key: try MasterKey(parsing: try configuration.require(configuration.masterKey,
                                                                                  "LECTERN_MASTER_KEY")))
        let repository = ZoomAppRepository(db)
        if let stored = try repository.find(id: ZoomAppRepository.environmentAppID),
           stored.kind == .pool, stored.accountID == accountID, stored.clientID == clientID,
           let storedSecret = try? box.open(stored.clientSecretSealed, .appClientSecret, rowID: stored.id),
           SecretBox.isBound(stored.clientSecretSealed), storedSecret == secret,
           stored.webhookSecretSealed.flatMap({ try? box.open($0, .appWebhookSecret, rowID: stored.id) })
               == configuration.zoomWebhookSecretToken {
            return .unchanged
        }
        let id = ZoomAppRepository.environmentAppID
        if let token = configuration.zoomWebhookSecretToken {
            do {
                try repository.ensureWebhookSecretFree(exceptAppID: id, isSame: box.webhookSecretMatcher(token))
            } catch is WebhookSecretTaken {
                throw ConfigurationError.invalid("ZOOM_WEBHOOK_SECRET_TOKEN",
                                                 "another Zoom app in the database has this webhook secret")
            }
        }
        try repository.saveEnvironmentApp(
            accountID: accountID, clientID: clientID, clientSecretSealed: box.seal(secret, .appClientSecret, rowID: id),
            webhookSecretSealed: configuration.zoomWebhookSecretToken.map { box.seal($0, .appWebhookSecret, rowID: id) })
        return .saved
    }
}
