import Foundation
import LecternCore
import LecternHTTPClient
@testable import LecternZoom
import LecternTestSupport
import XCTest

extension ZoomClientTests {
    private func path(_ request: HTTPClientRequest) -> String {
        String(request.url.dropFirst("http://zoom.test/v2".count))
    }

    func testAllUsersFollowsEveryPageOfEveryStatus() throws {
        let transport = ScriptedTransport([
            ZoomClientTests.token,
            ZoomClientTests.json(200, #"{"users":[{"id":"u1","email":"a@s.t","status":"active"}],"next_page_token":"p/2"}"#),
            ZoomClientTests.json(200, #"{"users":[{"id":"u2","email":"b@s.t","status":"active"}],"next_page_token":""}"#),
            ZoomClientTests.json(200, #"{"users":[{"id":"u3","email":"c@s.t","status":"inactive"}]}"#),
        ])
        let users = try client(transport, tokens: MemoryTokenStore()).allUsers(statuses: [.active, .inactive])
        XCTAssertEqual(users.map(\.email), ["a@s.t", "b@s.t", "c@s.t"])
        XCTAssertEqual(transport.requests.dropFirst().map(path), [
            "/users?status=active&page_size=300",
            "/users?status=active&page_size=300&next_page_token=p%2F2",
            "/users?status=inactive&page_size=300",
        ])
    }

    func testAllRecordingsAsksMonthByMonthAndFollowsEveryPage() throws {
        let meeting = { (uuid: String) in #"{"uuid":"\#(uuid)","id":1,"topic":"T","recording_files":[]}"# }
        let transport = ScriptedTransport([
            ZoomClientTests.token,
            ZoomClientTests.json(200, #"{"meetings":[\#(meeting("m1")),\#(meeting("m2"))],"next_page_token":"n1"}"#),
            ZoomClientTests.json(200, #"{"meetings":[\#(meeting("m3"))],"next_page_token":"n2"}"#),
            ZoomClientTests.json(200, #"{"meetings":[\#(meeting("m4"))],"next_page_token":""}"#),
            ZoomClientTests.json(200, #"{"meetings":[],"next_page_token":""}"#),
            ZoomClientTests.json(200, #"{"meetings":[\#(meeting("m5"))]}"#),
        ])
        let range = try DayRange(from: CalendarDay(parsing: "2024-01-15")!, to: CalendarDay(parsing: "2024-03-02")!)
        let meetings = try client(transport, tokens: MemoryTokenStore()).allRecordings(userID: "t@s.t", in: range)
        XCTAssertEqual(meetings.map(\.uuid), ["m1", "m2", "m3", "m4", "m5"])
        XCTAssertEqual(transport.requests.dropFirst().map(path), [
            "/users/t%40s.t/recordings?from=2024-01-15&to=2024-01-31&page_size=300",
            "/users/t%40s.t/recordings?from=2024-01-15&to=2024-01-31&page_size=300&next_page_token=n1",
            "/users/t%40s.t/recordings?from=2024-01-15&to=2024-01-31&page_size=300&next_page_token=n2",
            "/users/t%40s.t/recordings?from=2024-02-01&to=2024-02-29&page_size=300",
            "/users/t%40s.t/recordings?from=2024-03-01&to=2024-03-02&page_size=300",
        ])
    }

    func testATokenHandedOutTwiceStopsTheListing() {
        let transport = ScriptedTransport([
            ZoomClientTests.token,
            ZoomClientTests.json(200, #"{"users":[],"next_page_token":"same"}"#),
            ZoomClientTests.json(200, #"{"users":[],"next_page_token":"same"}"#),
        ])
        XCTAssertThrowsError(try client(transport, tokens: MemoryTokenStore()).allUsers(statuses: [.active])) { error in
            guard case .badResponse = error as? ZoomError else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(transport.requests.count, 3)
    }

    func testAListingErrorIsThrown() {
        let transport = ScriptedTransport([
            ZoomClientTests.token,
            ZoomClientTests.json(404, #"{"code":1001,"message":"User does not exist: x@s.t."}"#),
        ])
        let range = try! DayRange(from: CalendarDay(parsing: "2024-01-01")!, to: CalendarDay(parsing: "2024-01-02")!)
        XCTAssertThrowsError(try client(transport, tokens: MemoryTokenStore()).allRecordings(userID: "x@s.t", in: range)) {
            XCTAssertEqual(($0 as? ZoomError)?.status, 404)
        }
    }
}
