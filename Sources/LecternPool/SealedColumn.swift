import LecternCrypto

/// The stored secrets whose sealed values are bound to their table, column and row (AES-GCM
/// associated data), so that a value copied into another column or row does not open — a
/// client secret pasted into a lesson's start URL is never shown to its teacher.
public enum SealedColumn: CaseIterable, Sendable {
    case lessonStartURL
    case eventStartURL
    case appClientSecret
    case appWebhookSecret
    case appAccessToken
    case recordingDownloadToken
    case recordingUploadSession

    public var table: String {
        switch self {
        case .lessonStartURL: return "lessons"
        case .eventStartURL: return "events"
        case .appClientSecret, .appWebhookSecret, .appAccessToken: return "zoom_apps"
        case .recordingDownloadToken, .recordingUploadSession: return "recordings"
        }
    }

    public var column: String {
        switch self {
        case .lessonStartURL, .eventStartURL: return "zoom_start_url_enc"
        case .appClientSecret: return "client_secret_enc"
        case .appWebhookSecret: return "webhook_secret_enc"
        case .appAccessToken: return "access_token_enc"
        case .recordingDownloadToken: return "download_token_enc"
        case .recordingUploadSession: return "upload_session_enc"
        }
    }

    /// Start URLs are shown to people, so only bound values open; secrets never shown still
    /// open unbound during an upgrade (`lectern migrate` binds them all), and so does a
    /// webhook's download token, stored before its row had an id.
    var acceptsUnbound: Bool {
        switch self {
        case .lessonStartURL, .eventStartURL: return false
        case .appClientSecret, .appWebhookSecret, .appAccessToken, .recordingDownloadToken, .recordingUploadSession:
            return true
        }
    }

    public func context(rowID: Int64) -> SealContext {
        SealContext(table: table, column: column, rowID: rowID)
    }
}

extension SecretBox {
    /// `plaintext` sealed for `column` of row `rowID`.
    public func seal(_ plaintext: String, _ column: SealedColumn, rowID: Int64) -> String {
        seal(plaintext, for: column.context(rowID: rowID))
    }

    /// A value of `column` of row `rowID`, opened only if it was sealed there.
    public func open(_ sealed: String, _ column: SealedColumn, rowID: Int64) throws -> String {
        try open(sealed, for: column.context(rowID: rowID), acceptingUnbound: column.acceptsUnbound)
    }

    /// Recognises `secret` in an app's stored webhook secret (app id, sealed value), in
    /// constant time: what keeps webhook secrets unique per app.
    public func webhookSecretMatcher(_ secret: String?) -> (Int64, String) -> Bool {
        guard let secret else { return { _, _ in false } }
        return { appID, sealed in
            guard let stored = try? self.open(sealed, .appWebhookSecret, rowID: appID) else { return false }
            return constantTimeEquals(Array(stored.utf8), Array(secret.utf8))
        }
    }
}
