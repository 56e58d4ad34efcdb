import Foundation
import LecternCrypto

/// Google's OAuth token endpoint for service accounts: `POST /token` with a JWT-bearer assertion
/// (SPEC §7), checked the way Google checks it.
extension GoogleSimulator {
    static let jwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer"
    /// The only audience Google accepts, whatever the key file's `token_uri`.
    static let audience = "https://oauth2.googleapis.com/token"
    static let driveScope = "https://www.googleapis.com/auth/drive"
    /// Google's tokens report one second less than the hour they live.
    static let tokenLifetime: TimeInterval = 3599
    static let maxAssertionLifetime: Int64 = 3600
    static let clockSkew: Int64 = 60

    private struct Header: Decodable {
        var alg: String
        var kid: String?
    }

    private struct Claims: Decodable {
        var iss: String
        var aud: String
        var scope: String?
        var iat: Int64
        var exp: Int64
    }

    /// Encoded with the snake_case encoder, as Google's OAuth answers are.
    private struct Granted: Encodable {
        var accessToken: String
        var expiresIn: Int
        var tokenType: String
    }

    func issueToken(_ request: SimRequest, now: Date) -> SimResponse {
        let form = request.form
        guard form["grant_type"] == Self.jwtBearerGrant else {
            return .oauthError(400, "unsupported_grant_type", "Invalid grant_type: \(form["grant_type"] ?? "").")
        }
        guard let assertion = form["assertion"], !assertion.isEmpty else {
            return .oauthError(400, "invalid_request", "Missing required parameter: assertion.")
        }
        if let reason = refusal(of: assertion, now: now) {
            return .oauthError(400, "invalid_grant", reason)
        }
        let token = "ya29.sim." + SecureRandom.token()
        tokens = tokens.filter { $0.value > now }
        tokens[token] = now.addingTimeInterval(Self.tokenLifetime)
        return .json(200, Granted(accessToken: token, expiresIn: Int(Self.tokenLifetime), tokenType: "Bearer"))
    }

    /// Why Google would refuse `assertion`, or `nil` when it is a valid grant.
    private func refusal(of assertion: String, now: Date) -> String? {
        let parts = assertion.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 else { return "Invalid JWT: expected header.claims.signature." }
        guard let header = Self.decodePart(Header.self, parts[0]) else { return "Invalid JWT: the header is not base64url JSON." }
        guard header.alg == "RS256" else { return "Invalid JWT: alg must be RS256, not \(header.alg)." }
        guard let kid = header.kid, let verifier = verifiers[kid],
              let account = state.serviceAccounts.first(where: { $0.privateKeyId == kid }) else {
            return "Invalid JWT: kid \(header.kid ?? "(none)") is not the private_key_id of a known service account."
        }
        guard let signature = Base64URL.decode(parts[2]),
              verifier.verify(signature: signature, message: Array("\(parts[0]).\(parts[1])".utf8)) else {
            return "Invalid JWT Signature."
        }
        guard let claims = Self.decodePart(Claims.self, parts[1]) else {
            return "Invalid JWT: the claims are not base64url JSON with iss, aud, iat and exp."
        }
        guard claims.iss == account.clientEmail else {
            return "Invalid JWT: iss \(claims.iss) is not the client_email of key \(kid)."
        }
        guard claims.aud == Self.audience else {
            return "Invalid JWT: aud must be \(Self.audience), not \(claims.aud)."
        }
        guard (claims.scope ?? "").split(separator: " ").contains(Substring(Self.driveScope)) else {
            return "Invalid JWT: scope must include \(Self.driveScope)."
        }
        let seconds = Int64(now.timeIntervalSince1970)
        guard claims.exp > claims.iat, claims.exp - claims.iat <= Self.maxAssertionLifetime,
              claims.iat <= seconds + Self.clockSkew, claims.exp > seconds else {
            return "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. "
                + "Check your iat and exp values in the JWT claim."
        }
        return nil
    }

    private static func decodePart<T: Decodable>(_ type: T.Type, _ part: String) -> T? {
        Base64URL.decode(part).flatMap { try? SimJSON.googleDecoder.decode(type, from: Data($0)) }
    }
}
