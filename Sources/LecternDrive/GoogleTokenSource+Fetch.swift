import Foundation
import LecternHTTPClient

extension GoogleTokenSource {
    /// `POST token_uri` with `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=…`.
    func fetchToken() throws -> GoogleTokenAnswer {
        let body = QueryString.encode([("grant_type", Self.grantType), ("assertion", try jwt.assertion(issuedAt: clock()))])
        let request = HTTPClientRequest(method: "POST", url: tokenURI,
                                        headers: [("Content-Type", "application/x-www-form-urlencoded"),
                                                  ("Accept", "application/json")],
                                        body: Array(body.utf8), connectTimeout: 10, totalTimeout: 30)
        let deadline = clock().addingTimeInterval(budget)
        var attempt = 0
        while true {
            attempt += 1
            let response: HTTPClientResponse
            do {
                response = try transport.send(request)
            } catch let error as HTTPClientError {
                // Asking for a token twice is harmless, so even this POST is repeated.
                try wait(afterAttempt: attempt, retryAfter: nil, deadline: deadline, failure: error.summary)
                continue
            }
            if response.isSuccess {
                guard let answer = try? JSONDecoder().decode(GoogleTokenAnswer.self, from: Data(response.body)),
                      !answer.accessToken.isEmpty else {
                    throw DriveError.badResponse("the token endpoint's answer has no access_token")
                }
                return answer
            }
            let explanation = (try? JSONDecoder().decode(GoogleOAuthErrorBody.self, from: Data(response.body)))?.summary
            guard response.status == 429 || response.status >= 500 else {
                // Google's own words only: they never repeat the assertion.
                throw DriveError.authentication(explanation ?? "the token endpoint answered HTTP \(response.status)")
            }
            let retryAfter = response.header("Retry-After").flatMap { RetryAfter.seconds(from: $0, now: clock()) }
            try wait(afterAttempt: attempt, retryAfter: retryAfter, deadline: deadline,
                     failure: "the token endpoint answered HTTP \(response.status)")
        }
    }

    /// Sleeps before the next attempt, or throws ``DriveError/unavailable(_:)`` when attempts or time ran out.
    private func wait(afterAttempt attempt: Int, retryAfter: TimeInterval?, deadline: Date, failure: String) throws {
        let delay = backoff.wait(afterAttempt: attempt, retryAfter: retryAfter, jitter: jitter())
        guard attempt < Self.maxAttempts, clock().addingTimeInterval(delay) <= deadline else {
            throw DriveError.unavailable("no access token: \(failure)")
        }
        sleep(delay)
    }
}

