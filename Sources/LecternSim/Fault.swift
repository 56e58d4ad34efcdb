/// A failure the emulator injects into matching requests, on demand (`POST /_sim/faults`).
public struct Fault: Codable, Sendable, Equatable {
    /// Only this method (any when absent).
    public var method: String?
    /// Requests whose raw path starts with this (e.g. `/v2/users/`); any when absent.
    public var path: String?
    /// The status to answer; absent with `latencyMs` only delays the real answer.
    public var status: Int?
    /// `Retry-After` to send with the answer (seconds or an HTTP date, as given).
    public var retryAfter: String?
    /// Zoom's error code in the body (`{"code","message"}`).
    public var code: Int?
    public var message: String?
    /// Google's `errors[0].reason` on Drive paths (e.g. `rateLimitExceeded`, `storageQuotaExceeded`).
    public var reason: String?
    /// Extra milliseconds before the answer.
    public var latencyMs: Int?
    /// Close the connection without answering.
    public var drop: Bool?
    /// Answer with a small HTML page (`status`, 200 when absent) instead, as a failed download can.
    public var html: Bool?
    /// A download sends its head and this many body bytes, then the connection closes; an upload
    /// chunk counts only this many of its bytes (down to a multiple of 256 KiB) and gets no answer.
    public var dropAfterBytes: Int64?
    /// How many matching requests it affects; negative = until cleared. Default 1.
    public var count: Int?

    public init(method: String? = nil, path: String? = nil, status: Int? = nil, retryAfter: String? = nil,
                code: Int? = nil, message: String? = nil, reason: String? = nil, latencyMs: Int? = nil,
                drop: Bool? = nil, html: Bool? = nil, dropAfterBytes: Int64? = nil, count: Int? = nil) {
        self.method = method
        self.path = path
        self.status = status
        self.retryAfter = retryAfter
        self.code = code
        self.message = message
        self.reason = reason
        self.latencyMs = latencyMs
        self.drop = drop
        self.html = html
        self.dropAfterBytes = dropAfterBytes
        self.count = count
    }

    func matches(_ request: SimRequest) -> Bool {
        if let method, method.uppercased() != request.method { return false }
        if let path, !request.rawPath.hasPrefix(path) { return false }
        return true
    }
}
