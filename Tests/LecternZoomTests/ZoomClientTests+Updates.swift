import Foundation
import LecternHTTPClient
import LecternTestSupport
import LecternZoom
import XCTest

extension ZoomClientTests {
    func testUpdateSendsOnlyTheGivenFieldsToTheKindsPath() throws {
        let transport = ScriptedTransport([ZoomClientTests.token, .success(HTTPClientResponse(status: 204)),
                                           .success(HTTPClientResponse(status: 204))])
        let client = client(transport, tokens: MemoryTokenStore())
        try client.updateMeeting(id: "81000000001", kind: .meeting, MeetingUpdate(startTime: now, duration: 45))
        XCTAssertEqual(transport.requests[1].method, "PATCH")
        XCTAssertEqual(transport.requests[1].url, "http://zoom.test/v2/meetings/81000000001")
        let body = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(transport.requests[1].body ?? [])) as? [String: Any])
        XCTAssertEqual(body as NSDictionary, ["start_time": "2023-11-14T22:13:20Z", "duration": 45] as NSDictionary)
        try client.updateMeeting(id: "92", kind: .webinar, MeetingUpdate(topic: "Renamed", agenda: "New"))
        XCTAssertEqual(transport.requests[2].url, "http://zoom.test/v2/webinars/92")
    }

    func testDeleteUsesTheKindsPathAndReportsZoomsRefusal() throws {
        let transport = ScriptedTransport([ZoomClientTests.token, .success(HTTPClientResponse(status: 204)),
                                           ZoomClientTests.json(404, #"{"code":3001,"message":"Meeting does not exist: 7."}"#)])
        let client = client(transport, tokens: MemoryTokenStore())
        try client.deleteMeeting(id: "92", kind: .webinar)
        XCTAssertEqual(transport.requests[1].method, "DELETE")
        XCTAssertEqual(transport.requests[1].url, "http://zoom.test/v2/webinars/92")
        XCTAssertThrowsError(try client.deleteMeeting(id: "7", kind: .meeting)) {
            XCTAssertEqual($0 as? ZoomError, .api(status: 404, code: 3001, message: "Meeting does not exist: 7."))
        }
    }
}
