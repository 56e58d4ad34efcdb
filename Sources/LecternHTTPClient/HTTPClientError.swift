/// A request that produced no HTTP answer at all.
public enum HTTPClientError: Error, CustomStringConvertible, Equatable {
    /// The connection or the whole exchange ran over its time limit.
    case timedOut(String)
    /// DNS, connect, TLS or a broken connection; `code` is libcurl's `CURLcode`.
    case transport(code: Int, message: String)
    /// The request could not be set up (bad URL, handle allocation).
    case invalidRequest(String)

    public var description: String {
        switch self {
        case .timedOut(let message): return "timed out: \(message)"
        case .transport(let code, let message): return "transport error \(code): \(message)"
        case .invalidRequest(let message): return "invalid request: \(message)"
        }
    }
}
