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

extension PoolError {
    /// The answer SPEC §4 gives for this failure.
    var apiError: APIError {
        switch self {
        case .poolExhausted(let seconds):
            return APIError.tooManyRequests("pool_exhausted", "Every pool host is busy; try again shortly.",
                                            retryAfter: seconds)
        case .conflict(let code, let detail):
            return APIError(409, code, detail)
        case .lessonNotFound:
            return APIError.notFound
        case .credentialsMissing:
            return APIError.badRequest("You have no Zoom credentials; set them with PUT /api/me/zoom-credentials/.",
                                       code: "zoom_credentials_missing")
        case .zoom(let error):
            return APIError(502, "zoom_error", error.message)
        case .appUnavailable:
            return APIError(502, "zoom_app_unavailable", "The Zoom app for this meeting is not configured or its secret cannot be read.")
        }
    }
}

/// Runs `body`, answering pool failures as SPEC §4 says.
func answeringPoolErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as PoolError {
        throw error.apiError
    }
}
