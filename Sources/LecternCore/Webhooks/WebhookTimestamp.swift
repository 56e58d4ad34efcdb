import Foundation

/// The `x-zm-request-timestamp` header: whole Unix seconds, accepted only near our clock so
/// that a captured delivery cannot be replayed later (SPEC §5).
public enum WebhookTimestamp {
    /// How far, in seconds, a delivery's timestamp may be from now, either way.
    public static let tolerance: Int64 = 300

    /// The header's seconds: ASCII digits only (no sign, spaces or fraction), at most 12 of them.
    public static func seconds(from header: String?) -> Int64? {
        guard let header, !header.isEmpty, header.utf8.count <= 12,
              header.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        return Int64(header)
    }

    /// Whether `seconds` lies within ``tolerance`` of `now`.
    public static func isFresh(_ seconds: Int64, now: Date) -> Bool {
        let current = Int64(now.timeIntervalSince1970.rounded(.down))
        return abs(current - seconds) <= tolerance
    }
}
