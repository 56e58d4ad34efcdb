import Foundation
import XCTest
@testable import LecternSim

final class SimWebhookEventsTests: XCTestCase {
    let meeting = SimZoomMeeting(
        id: 81_000_000_001, uuid: "/ab//cD+eF==", hostId: "host-1", hostEmail: "pool@school.example", topic: "Algebra",
        type: 2, status: "started", startTime: "2025-01-15T10:00:00Z", duration: 45, timezone: "Europe/Moscow",
        password: "pw", agenda: nil, startUrl: "https://zoom.us/s/1", joinUrl: "https://zoom.us/j/1",
        createdAt: Date(timeIntervalSince1970: 0),
        settings: .init(autoRecording: "cloud", joinBeforeHost: false, waitingRoom: false))
    let now = Date(timeIntervalSince1970: 1_736_939_100.789)

    func object(_ value: some Encodable) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: SimJSON.encoder.encode(value)) as? [String: Any])
    }

    func testRecordingFilesAreStablePerMeeting() {
        let files = SimRecordingFile.files(for: meeting)
        XCTAssertEqual(files.map(\.fileType), ["MP4", "M4A", "CHAT"])
        XCTAssertEqual(files, SimRecordingFile.files(for: meeting))
        XCTAssertEqual(Set(files.map(\.id)).count, 3)
        XCTAssertTrue(files.allSatisfy { $0.id.range(of: "^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$",
                                                         options: .regularExpression) != nil })
        var other = meeting
        other.uuid = "other=="
        XCTAssertNotEqual(SimRecordingFile.files(for: other).map(\.id), files.map(\.id))
    }

    func testMeetingEndedHasAStringIDAndAnEndTime() throws {
        let body = try object(SimWebhookEvents.meeting("meeting.ended", meeting, now: now))
        XCTAssertEqual(body["event"] as? String, "meeting.ended")
        XCTAssertEqual(body["event_ts"] as? Int, 1_736_939_100_789)
        let payload = try XCTUnwrap(body["payload"] as? [String: Any])
        let object = try XCTUnwrap(payload["object"] as? [String: Any])
        XCTAssertEqual(object["id"] as? String, "81000000001")
        XCTAssertEqual(object["uuid"] as? String, "/ab//cD+eF==")
        XCTAssertEqual(object["end_time"] as? String, "2025-01-15T11:05:00Z")
        XCTAssertNil(body["download_token"])
    }

    func testRecordingCompletedHasATopLevelTokenAndNumericID() throws {
        let files = SimRecordingFile.files(for: meeting)
        let recording = SimRecording(meeting: meeting, files: files, now: now)
        let body = try object(SimWebhookEvents.recordingCompleted(recording, downloadBase: "http://sim", token: "tok",
                                                                  now: now))
        XCTAssertEqual(body["download_token"] as? String, "tok")
        let object = try XCTUnwrap((body["payload"] as? [String: Any])?["object"] as? [String: Any])
        XCTAssertEqual(object["id"] as? Int, 81_000_000_001)
        XCTAssertEqual(object["host_email"] as? String, "pool@school.example")
        let entries = try XCTUnwrap(object["recording_files"] as? [[String: Any]])
        XCTAssertEqual(entries.map { $0["id"] as? String }, files.map(\.id))
        XCTAssertEqual(entries.first?["download_url"] as? String, "http://sim/rec/download/\(files[0].id)")
        XCTAssertEqual(entries.first?["status"] as? String, "completed")
        XCTAssertEqual(entries.first?["meeting_id"] as? String, "/ab//cD+eF==")
        XCTAssertEqual(object["start_time"] as? String, "2025-01-15T10:00:00Z")
        XCTAssertEqual(entries.first?["recording_end"] as? String, "2025-01-15T10:45:00Z")
        XCTAssertNil(object["download_access_token"])
    }

    func testRecordingStartsAtTheMeetingsLocalStartTime() {
        var local = meeting
        local.startTime = "2025-01-15T13:00:00"
        XCTAssertEqual(SimRecording(meeting: local, files: [], now: now).start,
                       Date(timeIntervalSince1970: 1_736_935_200))
        local.startTime = "2030-01-01T00:00:00Z"
        XCTAssertEqual(SimRecording(meeting: local, files: [], now: now).start, now.addingTimeInterval(-45 * 60),
                       "a meeting ended before its planned start was recorded up to its end")
    }
}
