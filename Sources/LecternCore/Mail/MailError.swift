/// Why a message cannot be built. Each one is permanent for the message that caused it:
/// sending it again would fail the same way. Descriptions never quote the offending value.
public enum MailError: Error, Equatable, CustomStringConvertible {
    /// A header value (address, name, subject) holds CR, LF or NUL: refused, as it would let
    /// the value add headers of its own (header injection).
    case lineBreak(field: String)
    /// An address that is not a plain `local@domain` Lectern can send to.
    case invalidAddress(field: String, reason: String)
    /// A `Message-ID` that is not `<left@right>` without spaces or control characters.
    case invalidMessageID

    public var description: String {
        switch self {
        case .lineBreak(let field): return "\(field) contains a line break or NUL (header injection refused)"
        case .invalidAddress(let field, let reason): return "\(field) is not a usable address: \(reason)"
        case .invalidMessageID: return "the Message-ID is malformed"
        }
    }
}

extension String {
    /// Whether the text holds CR, LF or NUL, which no header value may carry.
    var hasHeaderBreak: Bool {
        utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }
    }
}
