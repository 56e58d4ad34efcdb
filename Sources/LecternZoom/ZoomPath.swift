import Foundation

/// Path segments for Zoom URLs.
public enum ZoomPath {
    /// Characters left as they are in a path segment (RFC 3986 unreserved).
    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// One path segment, percent-encoded.
    public static func segment(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value
    }

    /// A meeting id or UUID as a path segment: UUIDs that begin with `/` or contain `//`
    /// must be encoded twice, or Zoom reads them as a different path (SPEC §6).
    public static func meeting(_ idOrUUID: String) -> String {
        let once = segment(idOrUUID)
        guard idOrUUID.hasPrefix("/") || idOrUUID.contains("//") else { return once }
        return segment(once)
    }

    /// A query-string value, percent-encoded.
    public static func queryValue(_ value: String) -> String {
        segment(value)
    }
}
