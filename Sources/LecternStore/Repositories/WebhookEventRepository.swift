import Foundation
import LecternCore

/// The webhook audit trail (`webhook_events`) and the webhook secrets kept with the apps.
public struct WebhookEventRepository {
    let db: Connection

    public init(_ db: Connection) {
        self.db = db
    }

    /// One accepted delivery as recorded.
    public struct Entry: Sendable, Equatable {
        public var appID: Int64?
        public var event: String
        public var trackingID: String?
        /// Zoom's `event_ts`, milliseconds.
        public var eventTimestamp: Int64?
        public var dedupeKey: String?
        /// The body with its secrets redacted.
        public var body: String
        public var outcome: WebhookOutcome

        public init(appID: Int64?, event: String, trackingID: String?, eventTimestamp: Int64?, dedupeKey: String?,
                    body: String, outcome: WebhookOutcome) {
            self.appID = appID
            self.event = event
            self.trackingID = trackingID
            self.eventTimestamp = eventTimestamp
            self.dedupeKey = dedupeKey
            self.body = body
            self.outcome = outcome
        }
    }

    /// Records a delivery; text is cut to its column (an unknown event's name can be anything).
    @discardableResult
    public func record(_ entry: Entry) throws -> Int64 {
        try db.execute("""
            INSERT INTO webhook_events (app_id, event, tracking_id, event_ts, dedupe_key, body, outcome)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [.optional(entry.appID), .text(Self.clip(entry.event, 64)), .optional(entry.trackingID.map { Self.clip($0, 128) }),
                  .optional(entry.eventTimestamp), .optional(entry.dedupeKey.map { Self.clip($0, 191) }),
                  .text(entry.body), .text(entry.outcome.rawValue)]).lastInsertID
    }

    /// Webhook secrets stored with apps (sealed), for apps that have one.
    public func sealedSecrets() throws -> [(appID: Int64, sealed: String)] {
        try db.query("SELECT id, webhook_secret_enc FROM zoom_apps WHERE webhook_secret_enc IS NOT NULL ORDER BY id")
            .map { row in (appID: try row.requiredInt("id"), sealed: try row.requiredString("webhook_secret_enc")) }
            .filter { !$0.sealed.isEmpty }
    }

    static func clip(_ text: String, _ limit: Int) -> String {
        text.unicodeScalars.count <= limit ? text : String(String.UnicodeScalarView(text.unicodeScalars.prefix(limit)))
    }
}
