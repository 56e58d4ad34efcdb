import Foundation

/// A delivery's body as kept in `webhook_events`: the raw text with its secrets (the
/// recording `download_token`) replaced, since the audit trail must not hold them in clear.
public enum WebhookBodyRedaction {
    public static let placeholder = "[redacted]"
    /// Shorter secrets are replaced through the parsed JSON only, never as bare text.
    static let minimumLiteralLength = 16

    /// The body with every secret replaced. A secret that appears verbatim is replaced in the
    /// raw text, which otherwise stays byte for byte; one that does not (JSON escapes) is
    /// replaced in the parsed document, which is then re-serialised.
    public static func redact(_ body: [UInt8], secrets: [String]) -> String {
        var text = String(decoding: body, as: UTF8.self)
        let secrets = secrets.filter { !$0.isEmpty }
        var remaining: [String] = []
        for secret in secrets {
            if secret.count >= minimumLiteralLength, text.contains(secret) {
                text = text.replacingOccurrences(of: secret, with: placeholder)
            } else {
                remaining.append(secret)
            }
        }
        guard !remaining.isEmpty else { return text }
        guard let document = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]),
              let data = try? JSONSerialization.data(withJSONObject: replacing(remaining, in: document),
                                                    options: [.withoutEscapingSlashes, .fragmentsAllowed])
        else { return placeholder }
        return String(decoding: data, as: UTF8.self)
    }

    private static func replacing(_ secrets: [String], in value: Any) -> Any {
        switch value {
        case let text as String:
            return secrets.contains(text) ? placeholder : text
        case let object as [String: Any]:
            return object.mapValues { replacing(secrets, in: $0) }
        case let array as [Any]:
            return array.map { replacing(secrets, in: $0) }
        default:
            return value
        }
    }
}
