/// A Drive call that did not succeed after the in-call retries.
public enum DriveError: Error, Equatable, CustomStringConvertible {
    /// The upload session is gone (`404`/`410`): start a new one.
    case uploadSessionGone
    /// `storageQuotaExceeded` (a service account has no quota outside shared drives) or the
    /// 750 GB daily upload cap: retrying soon will not help; an operator must act.
    case quotaExceeded(String)
    /// Still failing transiently (5xx, 429, rate-limit 403, dropped connection) when the
    /// retry budget ran out: worth another attempt later.
    case unavailable(String)
    /// Google refused the request for good (4xx): `reason` is Google's `errors[0].reason`.
    case refused(status: Int, reason: String?, message: String)
    /// The service account's token could not be obtained.
    case authentication(String)
    /// An answer that is not what the API documents.
    case badResponse(String)

    /// A sentence for logs and `last_error`; never contains tokens or session URIs.
    public var description: String {
        switch self {
        case .uploadSessionGone: return "Drive upload session expired"
        case .quotaExceeded(let why): return "Drive quota exceeded: \(why)"
        case .unavailable(let why): return "Drive unavailable: \(why)"
        case .refused(let status, let reason, let message):
            return "Drive refused the request (HTTP \(status)\(reason.map { ", \($0)" } ?? "")): \(message)"
        case .authentication(let why): return "Google refused the service account: \(why)"
        case .badResponse(let why): return "Drive sent an unexpected answer: \(why)"
        }
    }
}
