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
        let text = String(decoding: body, as: UTF8.self)
        let secrets = secrets.filter { !$0.isEmpty }
        let escaped = secrets.filter { $0.count < minimumLiteralLength || !containsLiterally(text, $0) }
        var redacted = escaped.isEmpty ? text : reserialised(text, replacing: escaped)
        // Repeated, since a replacement could join text into the secret again; the placeholder
        // is shorter than any secret replaced here, so this ends.
        for secret in secrets where secret.count >= minimumLiteralLength {
            while containsLiterally(redacted, secret) {
                redacted = redacted.replacingOccurrences(of: secret, with: placeholder, options: .literal)
            }
        }
        return redacted
    }

    /// Whether `secret` occurs in `text`, compared code unit by code unit.
    public static func containsLiterally(_ text: String, _ secret: String) -> Bool {
        text.range(of: secret, options: .literal) != nil
    }

    /// The document with every string equal to a secret replaced; only the placeholder when the
    /// text is not JSON after all.
    private static func reserialised(_ text: String, replacing secrets: [String]) -> String {
        guard let document = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]),
              let data = try? JSONSerialization.data(withJSONObject: replacing(secrets, in: document),
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
