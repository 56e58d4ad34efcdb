import LecternZoom

/// Why a start or end did not happen, in terms the API maps to its answers (SPEC §4).
public enum PoolError: Error, Equatable, CustomStringConvertible {
    /// Every pool host is busy (429 with `Retry-After`).
    case poolExhausted(retryAfterSeconds: Int64)
    /// The lesson's state forbids it (409); `code` is the API's error code.
    case conflict(code: String, detail: String)
    /// The lesson disappeared meanwhile (404).
    case lessonNotFound
    /// The teacher has no personal Zoom app (400).
    case credentialsMissing
    /// Zoom failed or refused (502), with Zoom's own message.
    case zoom(ZoomError)
    /// The Zoom app a lesson or host belongs to is gone or its secret cannot be opened.
    case appUnavailable(appID: Int64)

    public var description: String {
        switch self {
        case .poolExhausted: return "every pool host is busy"
        case .conflict(let code, let detail): return "\(code): \(detail)"
        case .lessonNotFound: return "the lesson does not exist"
        case .credentialsMissing: return "no personal Zoom credentials"
        case .zoom(let error): return error.message
        case .appUnavailable(let id): return "Zoom app \(id) is missing or its secret cannot be opened"
        }
    }
}
