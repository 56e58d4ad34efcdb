import Foundation

/// One outgoing HTTP request, with the time limits it must respect.
public struct HTTPClientRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]?
    /// Seconds to establish the connection (TCP + TLS).
    public var connectTimeout: TimeInterval
    /// Seconds for the whole exchange, connection included.
    public var totalTimeout: TimeInterval
    /// Whether libcurl may send the body again by itself (it does when a reused connection
    /// turns out dead before any answer). An upload chunk must not: the server may have kept
    /// part of the first copy, so the caller asks before sending another byte.
    public var bodyMayBeResent = true

    public init(method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil,
                connectTimeout: TimeInterval = 5, totalTimeout: TimeInterval = 20) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
    }

    /// Whether repeating the request cannot do anything twice (RFC 9110 §9.2.2).
    public var isIdempotent: Bool {
        ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"].contains(method.uppercased())
    }
}
