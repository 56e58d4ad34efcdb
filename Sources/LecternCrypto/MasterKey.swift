import Foundation

/// The 32-byte key (`LECTERN_MASTER_KEY`) that encrypts secrets at rest.
public struct MasterKey: Sendable, CustomStringConvertible {
    static let length = 32

    let bytes: [UInt8]

    /// Parses 64 hex characters or base64 of exactly 32 bytes; surrounding whitespace
    /// (a key file's trailing newline) is ignored.
    /// - Throws: `CryptoError.invalidMasterKey`, which never repeats the text.
    public init(parsing text: String) throws {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let bytes = Self.bytes(hex: text) {
            self.bytes = bytes
        } else if let data = Data(base64Encoded: text), data.count == Self.length {
            bytes = [UInt8](data)
        } else {
            throw CryptoError.invalidMasterKey
        }
    }

    /// Redacted, so logging a configuration that holds the key cannot leak it.
    public var description: String { "MasterKey(redacted)" }

    private static func bytes(hex text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count == 2 * length else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(length)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            out.append(high << 4 | low)
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
