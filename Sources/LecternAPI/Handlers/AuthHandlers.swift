import Foundation
import LecternCore
import LecternCrypto
import LecternStore

/// `POST/DELETE /api/auth/token/` and `GET /api/me/`.
enum AuthHandlers {
    struct Credentials: Decodable {
        var email: String
        var password: String
    }

    struct TokenJSON: JSONWritable {
        var accessToken: String
        var tokenType = "Bearer"
        var expiresIn: Int
        var user: UserJSON

        func write(to json: inout JSONWriter) {
            json.object { json in
                json.field("access_token", accessToken)
                json.field("token_type", tokenType)
                json.field("expires_in", expiresIn)
                json.field("user", user)
            }
        }
    }

    /// A well-formed hash that no password matches, verified when the email is unknown so
    /// that the answer takes as long as for a real account.
    private static let decoyHash = "pbkdf2_sha256$600000$pddDFn9AxyuHct4ucFcOFw==$62rqcQlA2rOpUrabE+dPJLoi+pFtVIW2npFeCfGTsKY="

    static func createToken(_ context: RequestContext) throws -> HTTPResponse {
        let credentials = try context.decode(Credentials.self)
        // Checked before the throttle: an email no account can have is no failed login.
        let email = try InputBounds.email(credentials.email)
        let failures = LoginFailureRepository(context.db)
        let throttle = context.services.loginThrottle
        let address = context.request.remoteAddress
        let recent = try failures.recent(email: email, address: address, window: throttle.window,
                                         limits: (throttle.perEmailLimit, throttle.perAddressLimit))
        if let wait = throttle.retryAfter(now: Int64(context.now.timeIntervalSince1970),
                                          emailFailures: recent.email, addressFailures: recent.address) {
            throw APIError.tooManyRequests("too_many_attempts",
                                           "Too many failed logins; try again in \(wait) seconds.", retryAfter: wait)
        }

        let found = try UserRepository(context.db).find(email: email)
        let hasher = context.services.passwordHasher
        let valid = hasher.verify(credentials.password, against: found?.passwordHash ?? decoyHash)
        guard valid, let user = found?.user, found?.passwordHash != nil else {
            try failures.record(email: email, address: address)
            throw APIError(401, "invalid_credentials", "Unable to log in with the provided credentials.")
        }
        try failures.clear(email: email)

        let token = SecureRandom.token()
        let ttl = context.configuration.tokenTTLSeconds
        try TokenRepository(context.db).insert(userID: user.id, tokenHash: Digest.sha256Hex(token),
                                               expiresAt: context.now.addingTimeInterval(TimeInterval(ttl)))
        return JSONBody.response(200, TokenJSON(accessToken: token, expiresIn: ttl, user: UserJSON(user)))
    }

    static func revokeToken(_ context: RequestContext) throws -> HTTPResponse {
        _ = try context.user()
        if let token = context.bearerToken {
            try TokenRepository(context.db).delete(tokenHash: Digest.sha256Hex(token))
        }
        return .noContent()
    }

    static func me(_ context: RequestContext) throws -> HTTPResponse {
        JSONBody.response(200, UserJSON(try context.user()))
    }
}
