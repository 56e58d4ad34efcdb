import Foundation
import LecternCore
import LecternCrypto
import LecternHTTPClient
import LecternStore
import LecternZoom

/// Builds ``ZoomClient``s for apps stored in `zoom_apps`, opening their secrets with the
/// master key and sharing each app's token through the database.
public final class ZoomApps: ZoomClientSource {
    let db: Connection
    let box: SecretBox
    let endpoints: ZoomEndpoints
    let transport: HTTPTransport
    private var clients: [Int64: ZoomClient] = [:]

    public init(db: Connection, box: SecretBox, endpoints: ZoomEndpoints, transport: HTTPTransport) {
        self.db = db
        self.box = box
        self.endpoints = endpoints
        self.transport = transport
    }

    /// Uses `LECTERN_MASTER_KEY`, `ZOOM_API_BASE` and `ZOOM_OAUTH_BASE` from `configuration`.
    public convenience init(db: Connection, configuration: Configuration, transport: HTTPTransport) throws {
        let key = try MasterKey(parsing: try configuration.require(configuration.masterKey, "LECTERN_MASTER_KEY"))
        self.init(db: db, box: SecretBox(key: key), endpoints: configuration.zoomEndpoints, transport: transport)
    }

    public func client(appID: Int64) throws -> ZoomAPI {
        if let client = clients[appID] { return client }
        guard let app = try ZoomAppRepository(db).find(id: appID),
              let secret = try? box.open(app.clientSecretSealed, .appClientSecret, rowID: appID) else {
            throw PoolError.appUnavailable(appID: appID)
        }
        let client = ZoomClient(
            credentials: ZoomCredentials(accountID: app.accountID, clientID: app.clientID, clientSecret: secret),
            endpoints: endpoints, tokens: ZoomAppRepository(db).tokenStore(appID: appID), box: box,
            tokenPlace: SealedColumn.appAccessToken.context(rowID: appID), transport: transport)
        clients[appID] = client
        return client
    }
}
