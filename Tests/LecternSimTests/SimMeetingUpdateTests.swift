import Foundation
import LecternSim
import XCTest

final class SimMeetingUpdateTests: SimTestCase {
    func testPatchChangesOnlyTheGivenFields() throws {
        let token = try token()
        let created = try object(send("POST", "/v2/users/host%40school.edu/meetings", token: token, json: #"""
            {"topic":"Fire safety","type":2,"start_time":"2030-01-15T10:00:00Z","duration":60,"timezone":"UTC","agenda":"A"}
            """#))
        let id = try XCTUnwrap(created["id"] as? Int)
        XCTAssertEqual(send("PATCH", "/v2/meetings/\(id)", token: token,
                            json: #"{"start_time":"2030-01-20T09:00:00Z","duration":90}"#).status, 204)
        let meeting = try object(send("GET", "/v2/meetings/\(id)", token: token))
        XCTAssertEqual(meeting["start_time"] as? String, "2030-01-20T09:00:00Z")
        XCTAssertEqual(meeting["duration"] as? Int, 90)
        XCTAssertEqual(meeting["topic"] as? String, "Fire safety")
        XCTAssertEqual(meeting["agenda"] as? String, "A")
        XCTAssertEqual(send("PATCH", "/v2/meetings/\(id)", token: token, json: #"{"password":"far too long!"}"#).status, 400)
        XCTAssertEqual(send("PATCH", "/v2/meetings/1", token: token, json: "{}").status, 404)
        XCTAssertEqual(send("PATCH", "/v2/meetings/\(id)", json: "{}").status, 401)
    }

    func testMeetingsAndWebinarsLiveUnderTheirOwnPaths() throws {
        let token = try token()
        let webinar = try object(send("POST", "/v2/users/host%40school.edu/webinars", token: token, json: #"{"topic":"W"}"#))
        let webinarID = try XCTUnwrap(webinar["id"] as? Int)
        XCTAssertEqual(webinar["type"] as? Int, 5)
        let meeting = try object(send("POST", "/v2/users/host%40school.edu/meetings", token: token, json: #"{"topic":"M"}"#))
        let meetingID = try XCTUnwrap(meeting["id"] as? Int)

        let wrongPath = send("PATCH", "/v2/meetings/\(webinarID)", token: token, json: #"{"topic":"x"}"#)
        XCTAssertEqual(wrongPath.status, 404)
        XCTAssertEqual(try object(wrongPath)["code"] as? Int, 3001)
        XCTAssertEqual(send("DELETE", "/v2/webinars/\(meetingID)", token: token).status, 404)
        XCTAssertEqual(send("PATCH", "/v2/webinars/\(webinarID)", token: token, json: #"{"topic":"Renamed"}"#).status, 204)
        XCTAssertEqual(try object(send("GET", "/v2/webinars/\(webinarID)", token: token))["topic"] as? String, "Renamed")
    }

    func testDeleteRemovesTheMeeting() throws {
        let token = try token()
        let webinar = try object(send("POST", "/v2/users/host%40school.edu/webinars", token: token, json: "{}"))
        let id = try XCTUnwrap(webinar["id"] as? Int)
        XCTAssertEqual(send("DELETE", "/v2/webinars/\(id)", token: token).status, 204)
        XCTAssertEqual(send("GET", "/v2/webinars/\(id)", token: token).status, 404)
        XCTAssertEqual(send("DELETE", "/v2/webinars/\(id)", token: token).status, 404)
        let listed = try object(send("GET", "/_sim/meetings"))
        XCTAssertEqual((listed["meetings"] as? [Any])?.count, 0)
    }
}
