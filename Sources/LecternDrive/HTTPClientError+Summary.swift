import LecternHTTPClient

extension HTTPClientError {
    /// What went wrong, without the URL: an upload session's URI is itself a credential.
    var summary: String {
        switch self {
        case .timedOut: return "timed out"
        case .transport(let code, let message): return "transport error \(code): \(message)"
        case .invalidRequest(let message): return "invalid request: \(message)"
        }
    }
}
