import Foundation
import LecternCore
import LecternHTTPClient

extension ZoomClient {
    /// A token valid for a while yet: the shared one when it is fresh, else a new one fetched
    /// under the store's lock. `rejecting` is a token Zoom just refused, which must not be
    /// handed out again even if its expiry says it is fresh.
    func accessToken(rejecting stale: String?) throws -> String {
        if stale == nil, let cached = cachedTokenIfFresh() { return cached }
        if stale == nil, let stored = try tokens.load(), isFresh(stored), let value = try? openToken(stored.sealedValue) {
            remember(value, until: stored.expiresAt)
            return value
        }
        var fetched: String?
        let shared = try tokens.refresh { current in
            if let current, isFresh(current), let value = try? openToken(current.sealedValue), value != stale {
                return current
            }
            let token = try fetchToken()
            fetched = token.value
            return SharedToken(sealedValue: sealToken(token.value), expiresAt: token.expiresAt)
        }
        let value = try fetched ?? openToken(shared.sealedValue)
        remember(value, until: shared.expiresAt)
        return value
    }

    /// The token sealed for its place (a token from before places were bound still opens).
    private func sealToken(_ value: String) -> String {
        tokenPlace.map { box.seal(value, for: $0) } ?? box.seal(value)
    }

    private func openToken(_ sealed: String) throws -> String {
        guard let tokenPlace else { return try box.open(sealed) }
        return try box.open(sealed, for: tokenPlace, acceptingUnbound: true)
    }

    private func isFresh(_ token: SharedToken) -> Bool {
        token.expiresAt > clock().addingTimeInterval(Self.refreshMargin)
    }

    /// `POST {oauth}/oauth/token?grant_type=account_credentials&account_id=…` with HTTP Basic auth.
    private func fetchToken() throws -> (value: String, expiresAt: Date) {
        let basic = Data("\(credentials.clientID):\(credentials.clientSecret)".utf8).base64EncodedString()
        let url = endpoints.oauthBase + "/oauth/token?grant_type=account_credentials&account_id="
            + ZoomPath.queryValue(credentials.accountID)
        let request = HTTPClientRequest(method: "POST", url: url,
                                        headers: [("Authorization", "Basic \(basic)"), ("Accept", "application/json")],
                                        connectTimeout: 5, totalTimeout: 10)
        var attempt = 0
        let deadline = clock().addingTimeInterval(budget)
        while true {
            attempt += 1
            let started = clock()
            let response: HTTPClientResponse
            do {
                response = try transport.send(request)
            } catch let error as HTTPClientError {
                // Asking for a token twice is harmless, so even a POST is retried here.
                guard retryWait(afterAttempt: attempt, retryAfter: nil, deadline: deadline) else {
                    throw ZoomError.unreachable(error.description)
                }
                continue
            }
            if response.isSuccess {
                guard let body = try? Self.decoder.decode(ZoomTokenBody.self, from: Data(response.body)) else {
                    throw ZoomError.badResponse("the OAuth answer has no access_token")
                }
                return (body.accessToken, started.addingTimeInterval(TimeInterval(body.expiresIn)))
            }
            let retryable = response.status == 429 || response.status >= 500
            let retryAfter = response.header("Retry-After").flatMap { RetryAfter.seconds(from: $0, now: clock()) }
            guard retryable, retryWait(afterAttempt: attempt, retryAfter: retryAfter, deadline: deadline) else {
                if response.status == 400 || response.status == 401 {
                    throw ZoomError.authentication(Self.errorMessage(response))
                }
                throw Self.apiError(response)
            }
        }
    }
}
