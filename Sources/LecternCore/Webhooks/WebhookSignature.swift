/// The pure parts of Zoom's webhook signature (`x-zm-signature: v0=<hex HMAC-SHA256>`): the
/// signed message and the digest a delivery claims. The MAC itself lives with the crypto.
public enum WebhookSignature {
    public static let prefix = "v0="

    /// `v0:{timestamp header}:{raw body}`, byte for byte: the body is never re-serialised.
    public static func message(timestamp: String, body: [UInt8]) -> [UInt8] {
        var message = Array("v0:\(timestamp):".utf8)
        message.append(contentsOf: body)
        return message
    }

    /// The claimed digest as lowercase hex bytes, or `nil` when the header is not
    /// `v0=` followed by 64 hex digits.
    public static func claimedDigest(_ header: String?) -> [UInt8]? {
        guard let header, header.hasPrefix(prefix) else { return nil }
        let digits = Array(header.utf8.dropFirst(prefix.utf8.count))
        guard digits.count == 64 else { return nil }
        var lowered: [UInt8] = []
        lowered.reserveCapacity(digits.count)
        for digit in digits {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"): lowered.append(digit)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): lowered.append(digit + 32)
            default: return nil
            }
        }
        return lowered
    }
}
