import Foundation

/// RFC 2047 "B" encoded-words (`=?UTF-8?B?…?=`) for header text that is not printable ASCII.
///
/// Each word holds whole characters (a character is never split across words unless it alone
/// is longer than a word can carry, and then only between Unicode scalars) and is at most
/// `wordLength` characters long; base64 comes from Foundation.
enum EncodedWord {
    static let prefix = "=?UTF-8?B?"
    static let suffix = "?="
    /// RFC 2047 §2: an encoded-word is at most 75 characters long.
    static let maxLength = 75

    /// The words for `text`, the first at most `firstWordLength` characters (to fit after the
    /// header name on the first line), the others at most `wordLength`.
    static func encode(_ text: String, firstWordLength: Int = maxLength, wordLength: Int = maxLength) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        func capacity() -> Int { payloadBytes(forWordLength: words.isEmpty ? firstWordLength : wordLength) }
        func flush() {
            guard !chunk.isEmpty else { return }
            words.append(prefix + Data(chunk).base64EncodedString() + suffix)
            chunk = []
        }
        for character in text {
            let bytes = Array(String(character).utf8)
            if bytes.count <= capacity() {
                if chunk.count + bytes.count > capacity() { flush() }
                chunk += bytes
                continue
            }
            // A character longer than a word (long emoji sequences): split between its scalars.
            for scalar in character.unicodeScalars {
                let scalarBytes = Array(String(scalar).utf8)
                if chunk.count + scalarBytes.count > capacity() { flush() }
                chunk += scalarBytes
            }
        }
        flush()
        return words
    }

    /// Raw bytes that fit in a word of `length` characters: base64 turns 3 bytes into 4 characters.
    static func payloadBytes(forWordLength length: Int) -> Int {
        max(4, (min(length, maxLength) - prefix.count - suffix.count) / 4 * 3)
    }
}
