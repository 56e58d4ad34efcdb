/// A Server-to-Server OAuth app's credentials (opened, in memory only).
public struct ZoomCredentials: Sendable {
    public var accountID: String
    public var clientID: String
    public var clientSecret: String

    public init(accountID: String, clientID: String, clientSecret: String) {
        self.accountID = accountID
        self.clientID = clientID
        self.clientSecret = clientSecret
    }
}

/// Where the Zoom REST API and its OAuth endpoint live (`ZOOM_API_BASE`, `ZOOM_OAUTH_BASE`).
public struct ZoomEndpoints: Sendable {
    public var apiBase: String
    public var oauthBase: String

    public init(apiBase: String, oauthBase: String) {
        self.apiBase = apiBase.hasSuffix("/") ? String(apiBase.dropLast()) : apiBase
        self.oauthBase = oauthBase.hasSuffix("/") ? String(oauthBase.dropLast()) : oauthBase
    }
}
