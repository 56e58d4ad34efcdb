import LecternStore

/// An event provider as `/api/schedule/event-providers/` shows it: never its secrets, only
/// whether a webhook secret is set.
struct EventProviderJSON: JSONWritable {
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

    func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("id", id)
            json.field("name", name)
            json.field("event_type", eventType)
            json.field("app_id", appId)
            json.field("account_id", accountId)
            json.field("client_id", clientId)
            json.field("host_user_id", hostUserId)
            json.field("zoom_user_id", zoomUserId)
            json.field("has_webhook_secret", hasWebhookSecret)
        }
    }
}
