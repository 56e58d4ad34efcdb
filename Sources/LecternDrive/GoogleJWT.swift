import Foundation
import LecternCrypto

/// The signed assertion a service account trades for an access token (RFC 7523, as Google
/// documents it for service accounts): `base64url(header).base64url(claims).base64url(RS256)`.
public struct GoogleJWT: Sendable {
    /// The assertion's `aud`. Google's documentation fixes it, whatever the key's `token_uri`.
    public static let audience = "https://oauth2.googleapis.com/token"
    /// Full Drive access: the service account files recordings and trashes expired ones.
    public static let driveScope = "https://www.googleapis.com/auth/drive"
    /// Google accepts assertions valid for at most an hour.
    public static let lifetime: TimeInterval = 3600

    struct Header: Codable, Equatable {
        var alg = "RS256"
        var typ = "JWT"
        var kid: String
    }

    struct Claims: Codable, Equatable {
        var iss: String
        var scope: String
        var aud: String
        var iat: Int
        var exp: Int
        /// The user to act as, with domain-wide delegation; left out when `nil`.
        var sub: String?
    }

    let clientEmail: String
    let privateKeyID: String
    let scope: String
    let subject: String?
    private let signer: RS256Signer

    /// - Parameters:
    ///   - scope: what the token may do; Drive by default.
    ///   - subject: a user to impersonate through domain-wide delegation, if any.
    /// - Throws: ``DriveError/authentication(_:)`` when the key's `private_key` is unusable.
    public init(key: ServiceAccountKey, scope: String = GoogleJWT.driveScope, subject: String? = nil) throws {
        do {
            signer = try RS256Signer(pkcs8PEM: key.privateKey)
        } catch {
            throw DriveError.authentication("the service account's private_key is not an unencrypted RSA private key in PEM form")
        }
        clientEmail = key.clientEmail
        privateKeyID = key.privateKeyID
        self.scope = scope
        self.subject = subject
    }

    /// A new assertion issued at `issuedAt`, valid for ``lifetime``.
    /// - Throws: ``DriveError/authentication(_:)`` when signing fails.
    public func assertion(issuedAt: Date) throws -> String {
        let iat = Int(issuedAt.timeIntervalSince1970.rounded(.down))
        let header = Header(kid: privateKeyID)
        let claims = Claims(iss: clientEmail, scope: scope, aud: Self.audience, iat: iat, exp: iat + Int(Self.lifetime),
                            sub: subject)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let signingInput = Base64URL.encode(Array(try encoder.encode(header))) + "."
            + Base64URL.encode(Array(try encoder.encode(claims)))
        do {
            return signingInput + "." + Base64URL.encode(try signer.sign(Array(signingInput.utf8)))
        } catch {
            throw DriveError.authentication("cannot sign the token request")
        }
    }
}
