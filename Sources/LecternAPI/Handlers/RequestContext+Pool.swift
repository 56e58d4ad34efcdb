import Foundation
import LecternCore
import LecternCrypto
import LecternPool
import Logging

extension RequestContext {
    /// Seals and opens secrets at rest under `LECTERN_MASTER_KEY`.
    func secretBox() throws -> SecretBox {
        guard let text = configuration.masterKey, let key = try? Self.masterKey(text) else {
            throw APIError(503, "not_configured", "LECTERN_MASTER_KEY is not configured.")
        }
        return SecretBox(key: key)
    }

    private static let parsedKeyLock = NSLock()
    nonisolated(unsafe) private static var parsedKey: (text: String, key: MasterKey)?

    /// The key parsed once per process (a worker's key does not change; parsing showed in
    /// every webhook's profile).
    static func masterKey(_ text: String) throws -> MasterKey {
        parsedKeyLock.lock()
        defer { parsedKeyLock.unlock() }
        if let parsedKey, parsedKey.text == text { return parsedKey.key }
        let key = try MasterKey(parsing: text)
        parsedKey = (text, key)
        return key
    }

    /// Starts and ends meetings for this request, with Zoom clients built from the database.
    func lessonStarter() throws -> LessonStarter {
        let box = try secretBox()
        let apps = ZoomApps(db: db, box: box, endpoints: configuration.zoomEndpoints, transport: services.httpClient)
        return LessonStarter(db: db, apps: apps, box: box, logger: Logger(label: "pool"))
    }
}
