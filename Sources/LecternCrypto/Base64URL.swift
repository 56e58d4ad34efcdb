import Foundation

/// Unpadded base64url (RFC 4648 §5), as JWTs and bearer tokens use it, on top of
/// Foundation's standard base64.
public enum Base64URL {
    /// Encodes `bytes` with the URL-safe alphabet and no `=` padding.
    public static func encode(_ bytes: [UInt8]) -> String {
        var text = Data(bytes).base64EncodedString()
        while text.last == "=" { text.removeLast() }
        return String(text.map { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 })
    }

    /// Decodes base64url, with or without trailing padding; `nil` for anything else,
    /// including the standard alphabet's `+` and `/`.
    public static func decode(_ s: String) -> [UInt8]? {
        guard !s.contains("+"), !s.contains("/") else { return nil }
        var text = String(s.map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 })
        while text.last == "=" { text.removeLast() }
        text += String(repeating: "=", count: (4 - text.count % 4) % 4)
        return Data(base64Encoded: text).map { [UInt8]($0) }
    }
}
