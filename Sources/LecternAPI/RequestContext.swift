import Foundation
import LecternCore
import LecternCrypto
import LecternStore

/// Everything a handler needs for one request: the request, its path parameters, the
/// worker's database connection and settings, and the caller once authenticated.
public final class RequestContext {
    public let request: HTTPRequest
    public let parameters: [String: String]
    public let db: Connection
    public let configuration: Configuration
    public let services: Services
    public let now: Date
    private var cachedUser: User?

    init(request: HTTPRequest, parameters: [String: String], db: Connection, configuration: Configuration,
         services: Services, now: Date) {
        self.request = request
        self.parameters = parameters
        self.db = db
        self.configuration = configuration
        self.services = services
        self.now = now
    }

    /// The bearer token as sent, if any.
    var bearerToken: String? {
        guard let header = request.headers["authorization"] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    /// The signed-in caller, or a 401.
    public func user() throws -> User {
        if let cachedUser { return cachedUser }
        guard request.headers["authorization"] != nil else { throw APIError.notAuthenticated }
        guard let token = bearerToken,
              let user = try TokenRepository(db).user(tokenHash: Digest.sha256Hex(token)) else {
            throw APIError.invalidToken
        }
        cachedUser = user
        return user
    }

    /// The caller, who must have one of `roles`, else a 403.
    public func user(in roles: Set<Role>) throws -> User {
        let user = try user()
        guard roles.contains(user.role) else { throw APIError.forbidden }
        return user
    }

    /// A numeric path parameter; a malformed id cannot name anything, so it is a 404.
    public func id(_ name: String) throws -> Int64 {
        guard let text = parameters[name], let value = Int64(text), value > 0 else { throw APIError.notFound }
        return value
    }

    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONBody.decode(type, from: request)
    }
}
