import LecternStore

/// An event provider as `/api/schedule/event-providers/` shows it: never its secrets, only
/// whether a webhook secret is set.
struct EventProviderJSON: Encodable {
    var id: Int64
    var name: String
    var eventType: String
    var appId: Int64
    var accountId: String
    var clientId: String
    var hostUserId: Int64
    var zoomUserId: String
    var hasWebhookSecret: Bool

    init(_ provider: EventProviderRecord) {
        id = provider.id
        name = provider.name
        eventType = provider.eventType.rawValue
        appId = provider.appID
        accountId = provider.accountID
        clientId = provider.clientID
        hostUserId = provider.hostUserID
        zoomUserId = provider.zoomUserID
        hasWebhookSecret = provider.hasWebhookSecret
    }
}
