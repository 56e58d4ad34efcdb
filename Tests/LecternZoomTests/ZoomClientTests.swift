import Foundation
import LecternCore
import LecternCrypto
import LecternHTTPClient
import LecternTestSupport
import LecternZoom
import XCTest

/// A token store in memory, counting refreshes.
final class MemoryTokenStore: SharedTokenStore {
    var token: SharedToken?
    var refreshes = 0
    /// Runs once the "lock" is held, before the body sees the stored token.
    var beforeRefresh: (() -> Void)?

    func load() throws -> SharedToken? { token }

    func refresh(_ body: (SharedToken?) throws -> SharedToken) throws -> SharedToken {
        refreshes += 1
        beforeRefresh?()
        let next = try body(token)
        token = next
        return next
    }
}

final class ZoomClientTests: XCTestCase {
    let now = Date(timeIntervalSince1970: 1_700_000_000)
    let box = SecretBox(key: try! MasterKey(parsing: String(repeating: "ab", count: 32)))
    var sleeps: [TimeInterval] = []

    static func json(_ status: Int, _ text: String, headers: [(String, String)] = []) -> Result<HTTPClientResponse, HTTPClientError> {
        .success(HTTPClientResponse(status: status, headers: headers, body: Array(text.utf8)))
    }

    static let token = json(200, #"{"access_token":"tok-1","token_type":"bearer","expires_in":3600}"#)
    static let meeting = json(201, #"{"id":81000000001,"uuid":"a/b==","start_url":"https://zoom.us/s/1","join_url":"https://zoom.us/j/1","password":"p1"}"#)

    func client(_ transport: ScriptedTransport, tokens: MemoryTokenStore) -> ZoomClient {
        ZoomClient(credentials: ZoomCredentials(accountID: "acc", clientID: "cid", clientSecret: "sec"),
                   endpoints: ZoomEndpoints(apiBase: "http://zoom.test/v2/", oauthBase: "http://zoom.test"),
                   tokens: tokens, box: box, transport: transport, clock: { [now] in now },
                   sleep: { [weak self] in self?.sleeps.append($0) }, jitter: { 0.5 })
    }

    func request() -> MeetingRequest {
        MeetingRequest(topic: "T", startTime: now, duration: 60, timezone: "UTC", password: "abc123", record: true)
    }

    func testFetchesTokenWithBasicAuthAndSharesItSealed() throws {
        let transport = ScriptedTransport([Self.token, Self.meeting])
        let tokens = MemoryTokenStore()
        let meeting = try client(transport, tokens: tokens).createMeeting(userID: "host@school.edu", request())
        XCTAssertEqual(meeting.id, 81000000001)
        let oauth = transport.requests[0]
        XCTAssertEqual(oauth.url, "http://zoom.test/oauth/token?grant_type=account_credentials&account_id=acc")
        XCTAssertEqual(oauth.headers.first { $0.name == "Authorization" }?.value,
                       "Basic " + Data("cid:sec".utf8).base64EncodedString())
        let create = transport.requests[1]
        XCTAssertEqual(create.url, "http://zoom.test/v2/users/host%40school.edu/meetings")
        XCTAssertEqual(create.headers.first { $0.name == "Authorization" }?.value, "Bearer tok-1")
        let body = try JSONSerialization.jsonObject(with: Data(create.body ?? [])) as? [String: Any]
        XCTAssertEqual((body?["settings"] as? [String: Any])?["auto_recording"] as? String, "cloud")
        XCTAssertEqual(body?["start_time"] as? String, "2023-11-14T22:13:20Z")
        XCTAssertEqual(try box.open(XCTUnwrap(tokens.token).sealedValue), "tok-1")
        XCTAssertEqual(tokens.token?.expiresAt, now.addingTimeInterval(3600))
    }

    func testStoredFreshTokenIsUsedWithoutFetching() throws {
        let tokens = MemoryTokenStore()
        tokens.token = SharedToken(sealedValue: box.seal("stored"), expiresAt: now.addingTimeInterval(1800))
        let transport = ScriptedTransport([Self.meeting])
        _ = try client(transport, tokens: tokens).createMeeting(userID: "me", request())
        XCTAssertEqual(transport.requests.count, 1)
        XCTAssertEqual(transport.requests[0].headers.first { $0.name == "Authorization" }?.value, "Bearer stored")
        XCTAssertEqual(tokens.refreshes, 0)
    }

    func testTokenNearExpiryIsRefreshed() throws {
        let tokens = MemoryTokenStore()
        tokens.token = SharedToken(sealedValue: box.seal("old"), expiresAt: now.addingTimeInterval(120))
        let transport = ScriptedTransport([Self.token, Self.meeting])
        _ = try client(transport, tokens: tokens).createMeeting(userID: "me", request())
        XCTAssertEqual(tokens.refreshes, 1)
        XCTAssertEqual(transport.requests[1].headers.first { $0.name == "Authorization" }?.value, "Bearer tok-1")
    }

    func testA401RefreshesOnceAndRetries() throws {
        let tokens = MemoryTokenStore()
        tokens.token = SharedToken(sealedValue: box.seal("revoked"), expiresAt: now.addingTimeInterval(1800))
        let transport = ScriptedTransport([Self.json(401, #"{"code":124,"message":"Invalid access token."}"#),
                                           Self.token, Self.meeting])
        _ = try client(transport, tokens: tokens).createMeeting(userID: "me", request())
        XCTAssertEqual(transport.requests.map(\.method), ["POST", "POST", "POST"])
        XCTAssertEqual(try box.open(XCTUnwrap(tokens.token).sealedValue), "tok-1")
    }

    func testASecond401IsAnError() {
        let tokens = MemoryTokenStore()
        let unauthorized = Self.json(401, #"{"code":124,"message":"Invalid access token."}"#)
        let transport = ScriptedTransport([Self.token, unauthorized, Self.token, unauthorized])
        XCTAssertThrowsError(try client(transport, tokens: tokens).meeting(id: "1")) { error in
            XCTAssertEqual(error as? ZoomError, .api(status: 401, code: 124, message: "Invalid access token."))
        }
        XCTAssertEqual(transport.requests.count, 4)
    }

    func testRefreshReusesATokenAnotherProcessStored() throws {
        // Another process refreshed while we waited for the lock: its token is used, none fetched.
        let tokens = MemoryTokenStore()
        tokens.token = SharedToken(sealedValue: box.seal("revoked"), expiresAt: now.addingTimeInterval(1800))
        tokens.beforeRefresh = { [box, now] in
            tokens.token = SharedToken(sealedValue: box.seal("other"), expiresAt: now.addingTimeInterval(3000))
        }
        let transport = ScriptedTransport([Self.json(401, #"{"code":124,"message":"Invalid access token."}"#),
                                           .success(HTTPClientResponse(status: 204))])
        try client(transport, tokens: tokens).endMeeting(id: "1")
        XCTAssertEqual(transport.requests.map { $0.headers.first { $0.name == "Authorization" }?.value },
                       ["Bearer revoked", "Bearer other"])
        XCTAssertFalse(transport.requests.contains { $0.url.contains("oauth") })
    }

    func testA429WaitsForRetryAfter() throws {
        let tokens = MemoryTokenStore()
        let transport = ScriptedTransport([Self.token,
                                           Self.json(429, #"{"code":429,"message":"slow down"}"#, headers: [("Retry-After", "3")]),
                                           Self.meeting])
        _ = try client(transport, tokens: tokens).createMeeting(userID: "me", request())
        XCTAssertEqual(sleeps, [3])
    }

    func testA429BeyondTheBudgetGivesUp() {
        let tokens = MemoryTokenStore()
        let transport = ScriptedTransport([Self.token,
                                           Self.json(429, #"{"code":429,"message":"daily limit"}"#, headers: [("Retry-After", "86400")])])
        XCTAssertThrowsError(try client(transport, tokens: tokens).createMeeting(userID: "me", request())) { error in
            XCTAssertEqual(error as? ZoomError, .rateLimited(message: "daily limit"))
        }
        XCTAssertEqual(sleeps, [])
    }

    func testServerErrorsAreRetriedOnlyForIdempotentCalls() throws {
        let tokens = MemoryTokenStore()
        let failing = Self.json(503, "<html>busy</html>")
        let getTransport = ScriptedTransport([Self.token, failing,
                                              Self.json(200, #"{"id":1,"uuid":"u","status":"started"}"#)])
        XCTAssertTrue(try client(getTransport, tokens: tokens).meeting(id: "1").isStarted)
        XCTAssertEqual(sleeps.count, 1)
        XCTAssertTrue((0.25...0.5).contains(sleeps[0]))

        let postTransport = ScriptedTransport([failing, Self.meeting])
        XCTAssertThrowsError(try client(postTransport, tokens: tokens).createMeeting(userID: "me", request())) { error in
            XCTAssertEqual(error as? ZoomError, .api(status: 503, code: nil, message: "HTTP 503"))
        }
        XCTAssertEqual(postTransport.requests.count, 1)
    }

    func testTransportFailureOfAPostIsNotRepeated() {
        let tokens = MemoryTokenStore()
        let transport = ScriptedTransport([Self.token, .failure(.timedOut("slow")), Self.meeting])
        XCTAssertThrowsError(try client(transport, tokens: tokens).createMeeting(userID: "me", request())) { error in
            XCTAssertEqual(error as? ZoomError, .unreachable("timed out: slow"))
        }
    }

    func testZoomErrorMessageIsSurfaced() {
        let tokens = MemoryTokenStore()
        let transport = ScriptedTransport([Self.token, Self.json(404, #"{"code":1001,"message":"User does not exist: x."}"#)])
        XCTAssertThrowsError(try client(transport, tokens: tokens).createMeeting(userID: "x", request())) { error in
            let zoom = error as? ZoomError
            XCTAssertEqual(zoom, .api(status: 404, code: 1001, message: "User does not exist: x."))
            XCTAssertEqual(zoom?.message, "Zoom refused the request (HTTP 404, code 1001): User does not exist: x.")
        }
    }

    func testBadCredentialsAreAnAuthenticationError() {
        let transport = ScriptedTransport([Self.json(400, #"{"reason":"Invalid client_id or client_secret","error":"invalid_client"}"#)])
        XCTAssertThrowsError(try client(transport, tokens: MemoryTokenStore()).user(id: "me")) { error in
            XCTAssertEqual(error as? ZoomError, .authentication("Invalid client_id or client_secret"))
        }
    }

    func testMeetingUUIDsAreDoubleEncodedInPaths() throws {
        let tokens = MemoryTokenStore()
        let transport = ScriptedTransport([Self.token, .success(HTTPClientResponse(status: 204))])
        try client(transport, tokens: tokens).endMeeting(id: "/ab//c==")
        XCTAssertEqual(transport.requests[1].url, "http://zoom.test/v2/meetings/%252Fab%252F%252Fc%253D%253D/status")
        XCTAssertEqual(transport.requests[1].method, "PUT")
        XCTAssertEqual(String(decoding: transport.requests[1].body ?? [], as: UTF8.self), #"{"action":"end"}"#)
    }

    func testUsersPageFollowsTheToken() throws {
        let tokens = MemoryTokenStore()
        let transport = ScriptedTransport([Self.token,
                                           Self.json(200, #"{"users":[{"id":"u1","email":"a@b.c"}],"next_page_token":"n+1"}"#)])
        let page = try client(transport, tokens: tokens).users(status: .inactive, pageToken: "p/2")
        XCTAssertEqual(page.users.map(\.email), ["a@b.c"])
        XCTAssertEqual(page.nextPageToken, "n+1")
        XCTAssertEqual(transport.requests[1].url, "http://zoom.test/v2/users?status=inactive&page_size=300&next_page_token=p%2F2")
    }
}
