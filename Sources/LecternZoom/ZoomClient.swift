import Foundation
import LecternCore
import LecternCrypto
import LecternHTTPClient

/// The Zoom REST client of SPEC §6 for one Server-to-Server OAuth app.
///
/// The app's access token is shared by every process through a ``SharedTokenStore`` and
/// refreshed under its lock a few minutes before expiry; a 401 refreshes once and retries.
/// A 429 waits for `Retry-After` (or a jittered backoff); a 5xx or a lost connection is
/// retried only for idempotent calls. Every wait stays within `budget` seconds per call.
public final class ZoomClient: ZoomAPI {
    /// Tokens are replaced this long before they expire.
    public static let refreshMargin: TimeInterval = 300
    static let maxAttempts = 4

    let credentials: ZoomCredentials
    let endpoints: ZoomEndpoints
    let tokens: SharedTokenStore
    let box: SecretBox
    /// Where the shared token is stored, which its sealed value is bound to; `nil` seals it unbound.
    let tokenPlace: SealContext?
    let transport: HTTPTransport
    let backoff: RetryBackoff
    let budget: TimeInterval
    let clock: () -> Date
    let sleep: (TimeInterval) -> Void
    let jitter: () -> Double
    /// This client's copy of the shared token, so consecutive calls skip the database.
    private var cachedToken: (value: String, expiresAt: Date)?

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .custom { date, encoder in
            // Zoom wants `yyyy-MM-ddTHH:mm:ssZ`, without fractional seconds.
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(.iso8601))
        }
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()

    /// - Parameters:
    ///   - budget: seconds one call may spend waiting and retrying, in total.
    ///   - clock, sleep, jitter: injected so that tests run without waiting.
    public init(credentials: ZoomCredentials, endpoints: ZoomEndpoints, tokens: SharedTokenStore, box: SecretBox,
                tokenPlace: SealContext? = nil,
                transport: HTTPTransport, backoff: RetryBackoff = RetryBackoff(), budget: TimeInterval = 15,
                clock: @escaping () -> Date = Date.init, sleep: @escaping (TimeInterval) -> Void = Thread.sleep,
                jitter: @escaping () -> Double = { Double.random(in: 0..<1) }) {
        self.credentials = credentials
        self.endpoints = endpoints
        self.tokens = tokens
        self.box = box
        self.tokenPlace = tokenPlace
        self.transport = transport
        self.backoff = backoff
        self.budget = budget
        self.clock = clock
        self.sleep = sleep
        self.jitter = jitter
    }

    // MARK: ZoomAPI

    public func createMeeting(userID: String, _ request: MeetingRequest) throws -> ZoomMeeting {
        try decode(ZoomMeeting.self, try call("POST", "/users/\(ZoomPath.segment(userID))/meetings", body: request))
    }

    public func meeting(id: String) throws -> ZoomMeetingDetails {
        try decode(ZoomMeetingDetails.self, try call("GET", "/meetings/\(ZoomPath.meeting(id))"))
    }

    public func endMeeting(id: String) throws {
        _ = try call("PUT", "/meetings/\(ZoomPath.meeting(id))/status", body: ["action": "end"])
    }

    public func users(status: ZoomUserStatus, pageToken: String?) throws -> ZoomUsersPage {
        var query = "status=\(status.rawValue)&page_size=300"
        if let pageToken, !pageToken.isEmpty { query += "&next_page_token=\(ZoomPath.queryValue(pageToken))" }
        return try decode(ZoomUsersPage.self, try call("GET", "/users?\(query)"))
    }

    public func user(id: String) throws -> ZoomUser {
        try decode(ZoomUser.self, try call("GET", "/users/\(ZoomPath.segment(id))"))
    }

    public func createWebinar(userID: String, _ request: MeetingRequest) throws -> ZoomMeeting {
        var webinar = request
        webinar.type = 5
        return try decode(ZoomMeeting.self, try call("POST", "/users/\(ZoomPath.segment(userID))/webinars", body: webinar))
    }

    public func updateMeeting(id: String, kind: ZoomMeetingKind, _ update: MeetingUpdate) throws {
        _ = try call("PATCH", "/\(kind.collection)/\(ZoomPath.meeting(id))", body: update)
    }

    public func deleteMeeting(id: String, kind: ZoomMeetingKind) throws {
        _ = try call("DELETE", "/\(kind.collection)/\(ZoomPath.meeting(id))")
    }

    public func meetingRecordings(uuid: String) throws -> ZoomMeetingRecordings {
        try decode(ZoomMeetingRecordings.self,
                   try call("GET", "/meetings/\(ZoomPath.meeting(uuid))/recordings?include_fields=download_access_token"))
    }

    public func userRecordings(userID: String, from: String, to: String, pageToken: String?) throws -> ZoomRecordingsPage {
        var query = "from=\(ZoomPath.queryValue(from))&to=\(ZoomPath.queryValue(to))&page_size=300"
        if let pageToken, !pageToken.isEmpty { query += "&next_page_token=\(ZoomPath.queryValue(pageToken))" }
        return try decode(ZoomRecordingsPage.self, try call("GET", "/users/\(ZoomPath.segment(userID))/recordings?\(query)"))
    }

    public func downloadBearerToken() throws -> String {
        try accessToken(rejecting: nil)
    }

    public func deleteRecordingFile(meetingUUID: String, fileID: String, _ deletion: ZoomRecordingDeletion) throws {
        _ = try call("DELETE", "/meetings/\(ZoomPath.meeting(meetingUUID))/recordings/\(ZoomPath.segment(fileID))"
                     + "?action=\(deletion.rawValue)")
    }

    // MARK: Calls

    /// One API call with the retry rules above; returns a 2xx answer or throws ``ZoomError``.
    func call(_ method: String, _ pathAndQuery: String, body: (some Encodable)? = Optional<String>.none) throws -> HTTPClientResponse {
        let payload: [UInt8]? = try body.map { Array(try Self.encoder.encode($0)) }
        var request = HTTPClientRequest(method: method, url: endpoints.apiBase + pathAndQuery, body: payload,
                                        connectTimeout: 5, totalTimeout: 15)
        let deadline = clock().addingTimeInterval(budget)
        var token = try accessToken(rejecting: nil)
        var refreshed = false
        var attempt = 0
        while true {
            attempt += 1
            request.headers = [("Authorization", "Bearer \(token)"), ("Accept", "application/json")]
            if payload != nil { request.headers.append(("Content-Type", "application/json")) }
            let response: HTTPClientResponse
            do {
                response = try transport.send(request)
            } catch let error as HTTPClientError {
                // A POST that timed out may have been carried out; only idempotent calls repeat.
                guard request.isIdempotent, retryWait(afterAttempt: attempt, retryAfter: nil, deadline: deadline) else {
                    throw ZoomError.unreachable(error.description)
                }
                continue
            }
            switch response.status {
            case 200..<300:
                return response
            case 401 where !refreshed:
                refreshed = true
                token = try accessToken(rejecting: token)
            case 429:
                let retryAfter = response.header("Retry-After").flatMap { RetryAfter.seconds(from: $0, now: clock()) }
                guard retryWait(afterAttempt: attempt, retryAfter: retryAfter, deadline: deadline) else {
                    throw ZoomError.rateLimited(message: Self.errorMessage(response))
                }
            case 500..<600 where request.isIdempotent:
                guard retryWait(afterAttempt: attempt, retryAfter: nil, deadline: deadline) else {
                    throw Self.apiError(response)
                }
            default:
                throw Self.apiError(response)
            }
        }
    }

    /// Sleeps before the next attempt; `false` when attempts or time ran out.
    func retryWait(afterAttempt attempt: Int, retryAfter: TimeInterval?, deadline: Date) -> Bool {
        guard attempt < Self.maxAttempts else { return false }
        let delay = backoff.wait(afterAttempt: attempt, retryAfter: retryAfter, jitter: jitter())
        guard clock().addingTimeInterval(delay) <= deadline else { return false }
        sleep(delay)
        return true
    }

    func cachedTokenIfFresh() -> String? {
        guard let cachedToken, cachedToken.expiresAt > clock().addingTimeInterval(Self.refreshMargin) else { return nil }
        return cachedToken.value
    }

    func remember(_ token: String, until expiry: Date) {
        cachedToken = (token, expiry)
    }

    private func decode<T: Decodable>(_ type: T.Type, _ response: HTTPClientResponse) throws -> T {
        do {
            return try Self.decoder.decode(type, from: Data(response.body))
        } catch {
            throw ZoomError.badResponse("cannot read \(T.self): \(error)")
        }
    }

    static func apiError(_ response: HTTPClientResponse) -> ZoomError {
        let body = try? decoder.decode(ZoomErrorBody.self, from: Data(response.body))
        return .api(status: response.status, code: body?.code, message: errorMessage(response))
    }

    /// Zoom's own message, else the start of the body, else the status.
    static func errorMessage(_ response: HTTPClientResponse) -> String {
        if let body = try? decoder.decode(ZoomErrorBody.self, from: Data(response.body)),
           let message = body.message ?? body.reason ?? body.error, !message.isEmpty {
            return message
        }
        let text = String(decoding: response.body.prefix(200), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty || text.hasPrefix("<") ? "HTTP \(response.status)" : text
    }
}
