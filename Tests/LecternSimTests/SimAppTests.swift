import Foundation
import LecternSim
import XCTest

final class SimAppTests: SimTestCase {
    func testOAuthChecksClientAndAccount() throws {
        XCTAssertEqual(send("POST", "/oauth/token?grant_type=account_credentials&account_id=acc", basic: "cid:bad").status, 400)
        XCTAssertEqual(send("POST", "/oauth/token?grant_type=account_credentials&account_id=other", basic: "cid:sec").status, 400)
        XCTAssertEqual(send("POST", "/oauth/token?grant_type=client_credentials&account_id=acc", basic: "cid:sec").status, 400)
        _ = try token()
    }

    func testTokensExpireAfterAnHourWithCode124() throws {
        let token = try token()
        XCTAssertEqual(send("GET", "/v2/users", token: token).status, 200)
        now = now.addingTimeInterval(3601)
        let expired = send("GET", "/v2/users", token: token)
        XCTAssertEqual(expired.status, 401)
        XCTAssertEqual(try object(expired)["code"] as? Int, 124)
        XCTAssertEqual(send("GET", "/v2/users", token: "made-up").status, 401)
    }

    func testMeetingLifecycle() throws {
        let token = try token()
        let created = send("POST", "/v2/users/host%40school.edu/meetings", token: token,
                           json: #"{"topic":"Optics","type":2,"password":"abc123","settings":{"auto_recording":"cloud"}}"#)
        XCTAssertEqual(created.status, 201)
        let meeting = try object(created)
        let id = try XCTUnwrap(meeting["id"] as? Int)
        XCTAssertEqual(meeting["host_email"] as? String, "host@school.edu")
        XCTAssertEqual(meeting["status"] as? String, "waiting")
        XCTAssertEqual(send("PUT", "/v2/meetings/\(id)/status", token: token, json: #"{"action":"end"}"#).status, 204)
        XCTAssertEqual(try object(send("GET", "/v2/meetings/\(id)", token: token))["status"] as? String, "finished")
        XCTAssertEqual(send("GET", "/v2/meetings/1", token: token).status, 404)
    }

    func testPasswordsZoomWouldRefuseAreRefused() throws {
        let token = try token()
        XCTAssertEqual(send("POST", "/v2/users/h@s.edu/meetings", token: token, json: #"{"password":"abcdefghijk"}"#).status, 400)
        XCTAssertEqual(send("POST", "/v2/users/h@s.edu/meetings", token: token, json: #"{"password":"a b"}"#).status, 400)
    }

    func testUUIDsWithDoubleSlashNeedDoubleEncoding() throws {
        let token = try token()
        let meeting = try object(send("POST", "/v2/users/h@s.edu/meetings", token: token, json: "{}"))
        let id = try XCTUnwrap(meeting["id"] as? Int)
        XCTAssertEqual(send("PATCH", "/_sim/meetings/\(id)", json: #"{"uuid":"/ab//cd=="}"#).status, 200)
        XCTAssertEqual(send("GET", "/v2/meetings/%2Fab%2F%2Fcd%3D%3D", token: token).status, 404)
        XCTAssertEqual(send("GET", "/v2/meetings/%252Fab%252F%252Fcd%253D%253D", token: token).status, 200)
    }

    func testUsersArePaginated() throws {
        let token = try token()
        for index in 0..<5 { _ = send("POST", "/_sim/users", json: #"{"email":"u\#(index)@s.edu"}"#) }
        var emails: [String] = []
        var next = ""
        repeat {
            let page = try object(send("GET", "/v2/users?status=active&page_size=2&next_page_token=\(next)", token: token))
            emails += (page["users"] as? [[String: Any]] ?? []).compactMap { $0["email"] as? String }
            next = page["next_page_token"] as? String ?? ""
        } while !next.isEmpty
        XCTAssertEqual(emails, (0..<5).map { "u\($0)@s.edu" })
    }

    func testFaultsFireForTheirCountThenStop() throws {
        let token = try token()
        XCTAssertEqual(send("POST", "/_sim/faults",
                            json: #"{"method":"GET","path":"/v2/users","status":429,"retry_after":"2","count":2,"latency_ms":30}"#).status, 201)
        for _ in 0..<2 {
            let limited = send("GET", "/v2/users", token: token)
            XCTAssertEqual(limited.status, 429)
            XCTAssertEqual(limited.headers.first { $0.0 == "Retry-After" }?.1, "2")
            XCTAssertEqual(limited.delayMilliseconds, 30)
        }
        XCTAssertEqual(send("GET", "/v2/users", token: token).status, 200)
        XCTAssertEqual(send("POST", "/_sim/faults", json: #"{"drop":true}"#).status, 201)
        XCTAssertTrue(send("GET", "/v2/users", token: token).drop)
    }

    func testLatencyAndExpiredTokensOnDemand() throws {
        let token = try token()
        XCTAssertEqual(send("POST", "/_sim/latency", json: #"{"ms":50}"#).status, 204)
        XCTAssertEqual(send("GET", "/v2/users", token: token).delayMilliseconds, 50)
        XCTAssertEqual(send("POST", "/_sim/tokens/expire").status, 204)
        XCTAssertEqual(send("GET", "/v2/users", token: token).status, 401)
    }
}
