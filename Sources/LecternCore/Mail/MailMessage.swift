import Foundation

/// One plain-text mail as RFC 5322 + MIME bytes, ready for SMTP `DATA`.
///
/// - Headers: `Date`, `From`, `To`, `Subject`, `Message-ID`, `MIME-Version`, `Content-Type`
///   (`text/plain; charset=utf-8`), `Content-Transfer-Encoding`, `Auto-Submitted`.
/// - A subject or display name that is not printable ASCII becomes RFC 2047 encoded-words;
///   long headers are folded (lines of at most 78 characters where the text allows it, 76 for
///   lines with encoded-words, never more than 998).
/// - CR, LF or NUL in an address, name or subject is refused (``MailError/lineBreak(field:)``):
///   no value can add a header.
/// - Every line ends with CRLF. The body's line breaks (LF, CR or CRLF) become CRLF; it goes
///   as `7bit` when it is ASCII with lines of at most 998 bytes, else as `base64` (76-character
///   lines). SMTP dot-stuffing is the transport's job (libcurl does it).
public struct MailMessage: Sendable {
    public var from: MailMailbox
    public var to: MailAddress
    public var subject: String
    public var body: String
    public var date: Date
    /// `<left@right>`; see ``messageID(notificationID:createdAt:domain:)``.
    public var messageID: String

    /// RFC 5322 §2.1.1: a line is at most 998 characters, and should be at most 78.
    static let hardLineLimit = 998
    static let softLineLimit = 78
    /// RFC 2047 §2: a header line that carries an encoded-word is at most 76 characters.
    static let encodedLineLimit = 76

    public init(from: MailMailbox, to: MailAddress, subject: String, body: String, date: Date, messageID: String) {
        self.from = from
        self.to = to
        self.subject = subject
        self.body = body
        self.date = date
        self.messageID = messageID
    }

    /// A Message-ID that names the notification, so that a message sent again after a crash
    /// carries the same one (receivers may drop the duplicate).
    public static func messageID(notificationID: Int64, createdAt: Date?, domain: String) -> String {
        let stamp = createdAt.map { String(Int64(($0.timeIntervalSince1970 * 1_000_000).rounded())) } ?? "0"
        return "<lectern.notification.\(notificationID).\(stamp)@\(domain)>"
    }

    /// The message as bytes with CRLF line ends.
    public func rendered() throws -> [UInt8] {
        guard Self.isValidMessageID(messageID) else { throw MailError.invalidMessageID }
        let (encoding, bodyText) = Self.encodeBody(body)
        let headers = [
            "Date: " + Self.rfc5322Date(date),
            Self.fold("From", try from.headerTokens(field: "the sender", firstWordLength: Self.encodedLineLimit - "From: ".count),
                      limit: Self.encodedLineLimit),
            "To: \(to)",
            try Self.subjectHeader(subject),
            "Message-ID: \(messageID)",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: \(encoding)",
            // RFC 3834: automatic mail; vacation responders must not answer it.
            "Auto-Submitted: auto-generated",
        ]
        return Array((headers.joined(separator: "\r\n") + "\r\n\r\n" + bodyText).utf8)
    }

    // MARK: - Headers

    /// RFC 5322 §3.3 date in UTC: `Tue, 15 Jan 2025 10:00:00 +0000`.
    public static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }

    /// `text` (a subject made from a lesson's or event's title, say) as one line: each control
    /// character and Unicode line or paragraph separator becomes a space, the rest stays as
    /// written. A title with a line break then still makes a mail, and never an extra header.
    public static func singleLine(_ text: String) -> String {
        let breaks = CharacterSet.controlCharacters.union(CharacterSet(charactersIn: "\u{2028}\u{2029}"))
        return String(String.UnicodeScalarView(text.unicodeScalars.map { breaks.contains($0) ? " " : $0 }))
    }

    /// `Subject:` as plain folded text when it is printable ASCII that folds cleanly, else as
    /// encoded-words.
    static func subjectHeader(_ subject: String) throws -> String {
        if subject.hasHeaderBreak { throw MailError.lineBreak(field: "the subject") }
        if subject.isEmpty { return "Subject:" }
        let printable = subject.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } && !subject.contains("=?")
        if printable {
            if "Subject: ".utf8.count + subject.utf8.count <= softLineLimit { return "Subject: " + subject }
            // Folding happens at single spaces between words, which unfolding restores exactly.
            let words = subject.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            if !words.contains(where: \.isEmpty), words.allSatisfy({ $0.utf8.count < hardLineLimit - 10 }) {
                return fold("Subject", words, limit: softLineLimit)
            }
        }
        let words = EncodedWord.encode(subject, firstWordLength: encodedLineLimit - "Subject: ".count)
        return fold("Subject", words, limit: encodedLineLimit)
    }

    /// `Name: token token …`, breaking lines before a token when the line would pass `limit`.
    static func fold(_ name: String, _ tokens: [String], limit: Int) -> String {
        var lines: [String] = []
        var line = name + ":"
        var lineHasToken = false
        for token in tokens {
            if lineHasToken && line.utf8.count + 1 + token.utf8.count > limit {
                lines.append(line)
                line = ""
            }
            line += " " + token
            lineHasToken = true
        }
        lines.append(line)
        return lines.joined(separator: "\r\n")
    }

    static func isValidMessageID(_ id: String) -> Bool {
        guard id.hasPrefix("<"), id.hasSuffix(">"), id.utf8.count <= hardLineLimit - 20 else { return false }
        let inner = id.dropFirst().dropLast()
        let parts = inner.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty }
            && inner.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") }
    }

    // MARK: - Body

    /// The body's lines, split at LF, CR or CRLF.
    static func lines(of text: String) -> [ArraySlice<UInt8>] {
        let bytes = Array(text.utf8)
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A || byte == 0x0D {
                lines.append(bytes[start..<index])
                index += (byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A) ? 2 : 1
                start = index
            } else {
                index += 1
            }
        }
        lines.append(bytes[start..<bytes.count])
        return lines
    }

    /// The transfer encoding and the encoded body, ending with CRLF.
    static func encodeBody(_ body: String) -> (encoding: String, text: String) {
        var lines = Self.lines(of: body)
        // A final line break ends the last line; it does not start an empty one.
        if lines.count > 1, lines.last?.isEmpty == true { lines.removeLast() }
        let sevenBit = lines.allSatisfy { line in
            line.count <= hardLineLimit && line.allSatisfy { $0 < 0x80 && $0 != 0 }
        }
        if sevenBit {
            return ("7bit", lines.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\r\n") + "\r\n")
        }
        var normalized: [UInt8] = []
        for (number, line) in lines.enumerated() {
            if number > 0 { normalized += [0x0D, 0x0A] }
            normalized += line
        }
        let encoded = Data(normalized).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return ("base64", encoded + "\r\n")
    }
}
