import Foundation

/// A plain `local@domain` address (RFC 5321 `Mailbox` with a dot-atom local part and a host
/// name domain), as used both in the SMTP envelope and in headers.
///
/// Refused: line breaks, spaces, quoted local parts, address literals and non-ASCII
/// characters (those need SMTPUTF8, which Lectern does not negotiate).
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    public let localPart: String
    public let domain: String

    /// Characters RFC 5322 allows in an atom, besides letters and digits.
    static let atomSpecials = Set("!#$%&'*+-/=?^_`{|}~".utf8)

    /// - Parameter field: names the value in errors, e.g. `"recipient"`.
    public init(_ text: String, field: String = "address") throws {
        if text.hasHeaderBreak { throw MailError.lineBreak(field: field) }
        guard text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw MailError.invalidAddress(field: field, reason: "spaces, control or non-ASCII characters")
        }
        guard text.utf8.count <= 254 else { throw MailError.invalidAddress(field: field, reason: "longer than 254 characters") }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw MailError.invalidAddress(field: field, reason: "expected one @") }
        let local = parts[0], domain = parts[1]
        guard !local.isEmpty, local.utf8.count <= 64 else {
            throw MailError.invalidAddress(field: field, reason: "the part before @ must have 1 to 64 characters")
        }
        let localAtoms = local.split(separator: ".", omittingEmptySubsequences: false)
        guard localAtoms.allSatisfy({ atom in
            !atom.isEmpty && atom.utf8.allSatisfy { Self.isAlphanumeric($0) || Self.atomSpecials.contains($0) }
        }) else {
            throw MailError.invalidAddress(field: field, reason: "the part before @ is not a dot-atom")
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard !domain.isEmpty, labels.allSatisfy({ label in
            (1...63).contains(label.utf8.count) && label.first != "-" && label.last != "-"
                && label.utf8.allSatisfy { Self.isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
        }) else {
            throw MailError.invalidAddress(field: field, reason: "the domain is not a host name")
        }
        self.localPart = String(local)
        self.domain = String(domain)
    }

    public var description: String { "\(localPart)@\(domain)" }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }
}

/// An address with an optional display name: `Lectern <lectern@school.example>` or a bare
/// address (`LECTERN_SMTP_FROM` accepts both).
public struct MailMailbox: Sendable, Hashable, CustomStringConvertible {
    public var name: String?
    public var address: MailAddress

    public init(name: String? = nil, address: MailAddress) {
        self.name = name
        self.address = address
    }

    /// Parses `addr`, `<addr>`, `Name <addr>` or `"Name" <addr>`.
    public init(parsing text: String, field: String = "address") throws {
        if text.hasHeaderBreak { throw MailError.lineBreak(field: field) }
        let trimmed = text.trimmingWhitespace()
        guard trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") else {
            self.init(address: try MailAddress(trimmed, field: field))
            return
        }
        let address = try MailAddress(String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]),
                                      field: field)
        var name = trimmed[..<open].trimmingWhitespace()
        if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
            name = String(name.dropFirst().dropLast())
        }
        self.init(name: name.isEmpty ? nil : name, address: address)
    }

    /// The header form, as tokens a header may be folded between: the display name (an atom
    /// phrase, a quoted string, or RFC 2047 encoded-words when it is not printable ASCII), then
    /// `<address>`. `firstWordLength` bounds the first encoded-word, which shares the header's
    /// first line with its name.
    func headerTokens(field: String = "address", firstWordLength: Int = EncodedWord.maxLength) throws -> [String] {
        guard let name else { return [address.description] }
        if name.hasHeaderBreak { throw MailError.lineBreak(field: field) }
        let phrase: [String]
        if name.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) && !name.contains("=?") {
            let plain = name.utf8.allSatisfy { byte in
                byte == 0x20 || (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                    || MailAddress.atomSpecials.contains(byte)
            }
            let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            phrase = [plain ? name : "\"" + escaped + "\""]
        } else {
            phrase = EncodedWord.encode(name, firstWordLength: firstWordLength)
        }
        return phrase + ["<\(address)>"]
    }

    /// The header form on one line.
    public func headerValue() throws -> String {
        try headerTokens().joined(separator: " ")
    }

    public var description: String { (try? headerValue()) ?? address.description }
}
