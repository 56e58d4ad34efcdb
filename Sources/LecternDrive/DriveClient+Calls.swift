import Foundation
import LecternHTTPClient

extension DriveClient {
    /// Which transient failures a call may repeat by itself.
    enum Retry {
        /// Every one: repeating the request cannot do anything twice.
        case always
        /// Only those after which the server certainly did nothing (429, rate-limit 403).
        case unlessItMayHaveActed
        /// None, not even after a refreshed token: the caller recovers in its own way (an
        /// upload chunk asks the server what it kept). libcurl may not resend the body either.
        case never
    }

    /// One Drive request with the retry rules of SPEC §7; returns the 2xx (or session `308`)
    /// answer, or throws ``DriveError``. Error texts never include the URL, which for an
    /// upload session is a credential.
    /// - Parameters:
    ///   - session: whether `url` is an upload session's URI (`404`/`410` then mean it is gone).
    ///   - deadline: when retrying must stop; `budget` from now by default.
    func call(_ method: String, _ url: String, headers: [(name: String, value: String)] = [],
              json: (some Encodable)? = Optional<String>.none, body: [UInt8]? = nil, retry: Retry = .always,
              session: Bool = false, totalTimeout: TimeInterval = 30, deadline: Date? = nil) throws -> HTTPClientResponse {
        var fixedHeaders = headers
        var payload = body
        if let json {
            payload = Array(try Self.encoder.encode(json))
            fixedHeaders.append(("Content-Type", "application/json; charset=UTF-8"))
        }
        var request = HTTPClientRequest(method: method, url: url, body: payload, connectTimeout: 10, totalTimeout: totalTimeout)
        request.bodyMayBeResent = retry != .never
        let deadline = deadline ?? clock().addingTimeInterval(budget)
        var token = try tokens.accessToken()
        var refreshed = false
        var attempt = 0
        while true {
            attempt += 1
            request.headers = [("Authorization", "Bearer \(token)"), ("Accept", "application/json")] + fixedHeaders
            let outcome: DriveOutcome
            do {
                outcome = DriveOutcome.of(try transport.send(request), session: session, now: clock())
            } catch let error as HTTPClientError {
                outcome = .transient(retryAfter: nil, mayHaveActed: true, message: error.summary)
            }
            switch outcome {
            case .success(let response):
                return response
            case .unauthorized(let message):
                guard !refreshed else { throw DriveError.authentication("Drive refused a fresh token: \(message)") }
                refreshed = true
                token = try tokens.refresh(rejecting: token)
                if retry == .never { throw DriveError.unavailable(message) }
            case .transient(let retryAfter, let mayHaveActed, let message):
                let repeatable = retry == .always || (retry == .unlessItMayHaveActed && !mayHaveActed)
                guard repeatable else { throw DriveError.unavailable(message) }
                try wait(afterAttempt: attempt, retryAfter: retryAfter, deadline: deadline, failure: message)
            case .failure(let error):
                throw error
            }
        }
    }

    /// Sleeps before the next attempt, or throws ``DriveError/unavailable(_:)`` with `failure`
    /// when attempts or time ran out.
    func wait(afterAttempt attempt: Int, retryAfter: TimeInterval?, deadline: Date, failure: String) throws {
        let delay = DriveBackoff.delay(afterAttempt: attempt, retryAfter: retryAfter, jitter: jitter())
        guard attempt < Self.maxAttempts, clock().addingTimeInterval(delay) <= deadline else {
            throw DriveError.unavailable(failure)
        }
        sleep(delay)
    }
}
