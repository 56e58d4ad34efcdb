import Foundation
import LecternCore
import LecternCrypto

/// Decides whether a webhook delivery comes from Zoom (SPEC §5): `x-zm-signature` must be
/// `v0=` + hex HMAC-SHA256(secret, `v0:{x-zm-request-timestamp}:{raw body}`) under one of the
/// configured secrets, compared in constant time, and the timestamp within five minutes.
/// The secret that matches tells which app the event belongs to.
public struct ZoomWebhookVerifier: Sendable {
    /// One app's webhook secret token.
    public struct Secret: Sendable, Equatable {
        /// The `zoom_apps` row it belongs to.
        public var appID: Int64
        public var value: String

        public init(appID: Int64, value: String) {
            self.appID = appID
            self.value = value
        }
    }

    /// Why a delivery is refused (always a 403, with nothing written).
    public enum Rejection: Error, Sendable, Equatable, CustomStringConvertible {
        case missingSignature
        case invalidTimestamp
        case staleTimestamp
        case badSignature

        public var description: String {
            switch self {
            case .missingSignature: return "The x-zm-signature header is missing or malformed."
            case .invalidTimestamp: return "The x-zm-request-timestamp header is missing or not an integer."
            case .staleTimestamp: return "The x-zm-request-timestamp header is more than 300 seconds from now."
            case .badSignature: return "The x-zm-signature header does not match the body."
            }
        }
    }

    public let secrets: [Secret]

    public init(secrets: [Secret]) {
        self.secrets = secrets
    }

    /// The secret whose signature the delivery carries.
    /// - Throws: ``Rejection``.
    public func verify(signature: String?, timestamp: String?, body: [UInt8], now: Date) throws -> Secret {
        guard let claimed = WebhookSignature.claimedDigest(signature) else { throw Rejection.missingSignature }
        guard let timestamp, let seconds = WebhookTimestamp.seconds(from: timestamp) else {
            throw Rejection.invalidTimestamp
        }
        guard WebhookTimestamp.isFresh(seconds, now: now) else { throw Rejection.staleTimestamp }
        let message = WebhookSignature.message(timestamp: timestamp, body: body)
        var matched: Secret?
        // Every secret is tried, so the time taken does not tell which one matched.
        for secret in secrets {
            let expected = Array(HMACSHA256.hex(key: secret.value, message: message).utf8)
            if constantTimeEquals(expected, claimed), matched == nil { matched = secret }
        }
        guard let matched else { throw Rejection.badSignature }
        return matched
    }

    /// The `x-zm-signature` value Zoom sends for `body` at `timestamp` under `secret`.
    public static func signature(secret: String, timestamp: String, body: [UInt8]) -> String {
        WebhookSignature.prefix + HMACSHA256.hex(key: secret, message: WebhookSignature.message(timestamp: timestamp, body: body))
    }

    /// The `encryptedToken` of the url-validation answer: hex HMAC-SHA256(secret, plainToken).
    public static func encryptedToken(plainToken: String, secret: String) -> String {
        HMACSHA256.hex(key: secret, message: Array(plainToken.utf8))
    }
}
