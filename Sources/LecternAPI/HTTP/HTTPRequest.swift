import Foundation

/// An HTTP request as nginx handed it over FastCGI, detached from libfcgi.
public struct HTTPRequest: Sendable {
    public var method: String
    /// The decoded path without the query string, e.g. `/api/me/`.
    public var path: String
    public var query: [String: String]
    /// Header names lowercased with `-`, e.g. `authorization`, `x-zm-signature`.
    public var headers: [String: String]
    public var body: [UInt8]
    public var remoteAddress: String

    public init(method: String, path: String, query: [String: String] = [:], headers: [String: String] = [:],
                body: [UInt8] = [], remoteAddress: String = "") {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
    }

    public var contentType: String? { headers["content-type"] }

    /// Whether the request came from this machine (nginx passes the client's address).
    public var isLoopback: Bool {
        remoteAddress == "127.0.0.1" || remoteAddress == "::1" || remoteAddress.hasPrefix("127.")
    }

    /// Parses `a=1&b=two%20words` (a `+` is a space); the last repetition of a name wins.
    public static func parseQuery(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                let spaced = part.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            let name = decode(parts[0])
            guard !name.isEmpty else { continue }
            result[name] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return result
    }
}
