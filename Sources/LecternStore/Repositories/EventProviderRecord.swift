import LecternCore

/// An event provider (seed 004): a Zoom app of kind `provider` whose meetings or webinars
/// are created for one Zoom user, hosted in Lectern by one teacher or admin. The app's
/// secrets are not part of it.
public struct EventProviderRecord: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var appID: Int64
    public var eventType: EventType
    public var hostUserID: Int64
    /// The Zoom user (id or email) meetings are created for.
    public var zoomUserID: String
    public var accountID: String
    public var clientID: String
    public var hasWebhookSecret: Bool
}
