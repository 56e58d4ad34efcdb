import Foundation

/// The status and headers of the latest answer in one transfer, built from the header lines
/// libcurl reports. Interim answers (`100 Continue`) and followed redirects each start with
/// their own status line, so the last status line seen belongs to the answer whose body
/// arrives next.
struct ResponseHead {
    /// The latest status line's code; `nil` before any status line.
    private(set) var status: Int?
    /// The latest answer's headers, in the order received.
    private(set) var headers: [(name: String, value: String)] = []

    /// Takes one header line as libcurl hands it over, line ending included.
    mutating func receive(line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("HTTP/") {
            status = Self.statusCode(ofStatusLine: trimmed)
            headers = []
            return
        }
        guard let colon = trimmed.firstIndex(of: ":") else { return }
        let name = String(trimmed[..<colon]).trimmingCharacters(in: .whitespaces)
        let value = String(trimmed[trimmed.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        headers.append((name, value))
    }

    /// Whether the latest answer's status is 2xx.
    var isSuccess: Bool { status.map { (200..<300).contains($0) } ?? false }

    /// `HTTP/1.1 200 OK` or `HTTP/2 308` → the three-digit code.
    static func statusCode(ofStatusLine line: String) -> Int? {
        let parts = line.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count >= 2, parts[1].count == 3 else { return nil }
        return Int(parts[1])
    }
}
