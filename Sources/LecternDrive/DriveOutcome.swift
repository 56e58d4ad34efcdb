import Foundation
import LecternHTTPClient

/// What one answer from Drive means for the call that got it (SPEC §7's error rules).
enum DriveOutcome {
    /// 2xx, or `308` from an upload session: the caller reads the answer.
    case success(HTTPClientResponse)
    /// `401`: the token was refused; refresh it once and try again.
    case unauthorized(message: String)
    /// Worth repeating after a backoff. `mayHaveActed` is whether the server may have carried
    /// the request out anyway (a 5xx or a lost answer), unlike a 429 or a rate-limit 403.
    case transient(retryAfter: TimeInterval?, mayHaveActed: Bool, message: String)
    /// Final.
    case failure(DriveError)

    /// Reasons of a `403` that mean "slow down": retried with backoff.
    static let rateLimitReasons: Set<String> = ["rateLimitExceeded", "userRateLimitExceeded"]
    /// Reasons of a `403` that no retry within minutes can fix: storage quota, the daily upload cap.
    static let quotaReasons: Set<String> = ["storageQuotaExceeded", "quotaExceeded", "uploadLimitExceeded",
                                            "dailyLimitExceeded"]

    /// Classifies `response`; `session` is whether it answered a request to an upload session URI.
    static func of(_ response: HTTPClientResponse, session: Bool, now: Date) -> DriveOutcome {
        let status = response.status
        if (200..<300).contains(status) || (session && status == 308) { return .success(response) }
        let body = DriveErrorBody(response.body)
        let reasons = body?.reasons ?? []
        let message = Self.message(status: status, body: body)
        switch status {
        case 401:
            return .unauthorized(message: message)
        case 404 where session, 410 where session:
            return .failure(.uploadSessionGone)
        case 429:
            let retryAfter = response.header("Retry-After").flatMap { RetryAfter.seconds(from: $0, now: now) }
            return .transient(retryAfter: retryAfter, mayHaveActed: false, message: message)
        case 403 where reasons.contains(where: quotaReasons.contains):
            return .failure(.quotaExceeded(message))
        case 403 where reasons.contains(where: rateLimitReasons.contains):
            return .transient(retryAfter: nil, mayHaveActed: false, message: message)
        case 500..<600:
            return .transient(retryAfter: nil, mayHaveActed: true, message: message)
        case 400..<500:
            return .failure(.refused(status: status, reason: reasons.first, message: body?.message ?? "HTTP \(status)"))
        default:
            return .failure(.badResponse("unexpected HTTP \(status)"))
        }
    }

    /// `HTTP 403 rateLimitExceeded: User Rate Limit Exceeded`, as far as the answer says.
    static func message(status: Int, body: DriveErrorBody?) -> String {
        var text = "HTTP \(status)"
        if let reason = body?.reasons.first { text += " \(reason)" }
        if let message = body?.message { text += ": \(message)" }
        return text
    }
}
