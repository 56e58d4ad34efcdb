import Foundation
import XCTest
@testable import LecternCore

/// Parsing of the delivery shapes in shared/reference/zoom-webhooks.md.
final class ZoomWebhookEventTests: XCTestCase {
    static let recordingCompleted = """
        {"event":"recording.completed","event_ts":1736939100789,
         "download_token":"eyJhbGciOiJIUzUxMiJ9.eyJleHAiOjE3MzcwMjU1MDB9.c2lnbmF0dXJl",
         "payload":{"account_id":"AbCdEfGhIjKlMnOpQrStUv",
          "object":{"id":85746352411,"uuid":"/ab//cDeFgHiJkLmNoPqRs==","host_id":"zU2k8XqLTe6yD1vJ0aBcDe",
           "account_id":"AbCdEfGhIjKlMnOpQrStUv","topic":"Algebra — group 11A","type":2,
           "start_time":"2025-01-15T10:00:02Z","timezone":"Europe/Moscow","host_email":"pool3@school.example",
           "duration":63,"total_size":524328960,"recording_count":3,
           "share_url":"https://zoom.example/rec/share/AbC","password":"",
           "recording_files":[
            {"id":"9b3c1f2e-6a1d-4c55-9e8f-1a2b3c4d5e6f","meeting_id":"/ab//cDeFgHiJkLmNoPqRs==",
             "recording_start":"2025-01-15T10:00:05Z","recording_end":"2025-01-15T11:02:40Z",
             "file_type":"MP4","file_extension":"MP4","file_size":523239424,
             "play_url":"https://zoom.example/rec/play/9b3c","download_url":"https://zoom.example/rec/download/9b3c",
             "status":"completed","recording_type":"shared_screen_with_speaker_view"},
            {"id":"0c4d2a3b-7b2e-4d66-8f90-2b3c4d5e6f70","meeting_id":"/ab//cDeFgHiJkLmNoPqRs==",
             "file_type":"M4A","file_extension":"M4A","file_size":1054720,
             "download_url":"https://zoom.example/rec/download/0c4d",
             "status":"completed","recording_type":"audio_only"},
            {"id":"1d5e3b4c-8c3f-4e77-9a01-3c4d5e6f7081","meeting_id":"/ab//cDeFgHiJkLmNoPqRs==",
             "file_type":"CHAT","file_extension":"TXT","file_size":34816,
             "download_url":"https://zoom.example/rec/download/1d5e",
             "status":"completed","recording_type":"chat_file"}]}}}
        """

    static let meetingEnded = """
        {"event":"meeting.ended","event_ts":1736935200456,
         "payload":{"account_id":"AbCdEfGhIjKlMnOpQrStUv",
          "object":{"id":"85746352411","uuid":"4Qa+Zk0pT1e0n3sYq8mXwA==","host_id":"zU2k8XqLTe6yD1vJ0aBcDe",
           "topic":"Algebra — group 11A","type":2,"start_time":"2025-01-15T10:00:02Z",
           "timezone":"Europe/Moscow","duration":60,"end_time":"2025-01-15T11:02:41Z"}}}
        """

    func parse(_ text: String) throws -> ZoomWebhookEvent {
        try ZoomWebhookEvent.parse(Array(text.utf8))
    }

    func assertRefused(_ text: String, _ detail: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try parse(text), file: file, line: line) { error in
            XCTAssertEqual((error as? WebhookParseError)?.detail, detail, file: file, line: line)
        }
    }

    func testURLValidation() throws {
        let event = try parse(#"{"payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"},"event_ts":1700000000123,"event":"endpoint.url_validation"}"#)
        XCTAssertEqual(event.name, "endpoint.url_validation")
        XCTAssertEqual(event.eventTimestamp, 1_700_000_000_123)
        XCTAssertEqual(event.action, .validateURL(plainToken: "qgg8vlvZRS6UYooatFL8Aw"))
        XCTAssertNil(event.dedupeKey)
    }

    func testMeetingEndedWithStringID() throws {
        let event = try parse(Self.meetingEnded)
        guard case .meetingEnded(let meeting) = event.action else { return XCTFail("\(event.action)") }
        XCTAssertEqual(meeting.id, "85746352411")
        XCTAssertEqual(meeting.uuid, "4Qa+Zk0pT1e0n3sYq8mXwA==")
        XCTAssertEqual(meeting.timezone, "Europe/Moscow")
        XCTAssertEqual(meeting.endTime, Date(timeIntervalSince1970: 1_736_938_961))
        XCTAssertEqual(event.eventDate, Date(timeIntervalSince1970: 1_736_935_200.456))
        XCTAssertEqual(event.dedupeKey, "meeting.ended:4Qa+Zk0pT1e0n3sYq8mXwA==")
    }

    func testMeetingStartedWithNumericIDAndNoUUID() throws {
        let event = try parse(#"{"event":"meeting.started","payload":{"object":{"id":81000000001}}}"#)
        XCTAssertEqual(event.action, .meetingStarted(WebhookMeeting(id: "81000000001", uuid: nil)))
        XCTAssertEqual(event.dedupeKey, "meeting.started:81000000001")
        XCTAssertNil(event.eventTimestamp)
    }

    func testRecordingCompleted() throws {
        let event = try parse(Self.recordingCompleted)
        guard case .recordingsCompleted(let recordings) = event.action else { return XCTFail("\(event.action)") }
        XCTAssertEqual(recordings.meeting.id, "85746352411")
        XCTAssertEqual(recordings.meeting.uuid, "/ab//cDeFgHiJkLmNoPqRs==")
        XCTAssertEqual(recordings.meeting.hostEmail, "pool3@school.example")
        XCTAssertEqual(recordings.meeting.topic, "Algebra — group 11A")
        XCTAssertEqual(recordings.downloadToken, "eyJhbGciOiJIUzUxMiJ9.eyJleHAiOjE3MzcwMjU1MDB9.c2lnbmF0dXJl")
        XCTAssertEqual(recordings.files.map(\.id), ["9b3c1f2e-6a1d-4c55-9e8f-1a2b3c4d5e6f",
                                                    "0c4d2a3b-7b2e-4d66-8f90-2b3c4d5e6f70",
                                                    "1d5e3b4c-8c3f-4e77-9a01-3c4d5e6f7081"])
        let video = recordings.files[0]
        XCTAssertEqual(video.fileType, "MP4")
        XCTAssertEqual(video.fileSize, 523_239_424)
        XCTAssertEqual(video.recordingType, "shared_screen_with_speaker_view")
        XCTAssertEqual(video.recordingStart, Date(timeIntervalSince1970: 1_736_935_205))
        XCTAssertEqual(recordings.files[2].fileExtension, "TXT")
        XCTAssertEqual(event.dedupeKey, "recording.completed:/ab//cDeFgHiJkLmNoPqRs==")
    }

    func testTranscriptCompletedTrashedAndDeleted() throws {
        let object = #"{"uuid":"u1==","id":5,"recording_files":[{"id":"f","file_type":"TRANSCRIPT","file_extension":"VTT","status":"completed","download_url":"https://z/d"}]}"#
        let transcript = try parse(#"{"event":"recording.transcript_completed","payload":{"object":\#(object)}}"#)
        guard case .recordingsCompleted(let files) = transcript.action else { return XCTFail() }
        XCTAssertEqual(files.files.first?.fileType, "TRANSCRIPT")
        for name in ["recording.trashed", "recording.deleted"] {
            let event = try parse(#"{"event":"\#(name)","payload":{"operator":"a@b","operator_id":"x","object":\#(object)}}"#)
            guard case .recordingsRemoved(let removed) = event.action else { return XCTFail(name) }
            XCTAssertNil(removed.downloadToken)
            XCTAssertEqual(removed.files.map(\.id), ["f"])
        }
    }

    func testUnknownEventsNeedOnlyAName() throws {
        let event = try parse(#"{"event":"meeting.participant_joined","payload":[1,2,3]}"#)
        XCTAssertEqual(event.action, .unknown)
        XCTAssertNil(event.dedupeKey)
    }

    func testDescriptiveFieldsAreLenient() throws {
        let event = try parse(#"""
            {"event":"recording.completed","event_ts":"soon","download_token":17,
             "payload":{"object":{"uuid":"u","topic":42,"start_time":"yesterday","host_email":null,
              "recording_files":[{"id":"f","file_type":"MP4","file_size":"big","recording_start":5}]}}}
            """#)
        guard case .recordingsCompleted(let recordings) = event.action else { return XCTFail() }
        XCTAssertNil(event.eventTimestamp)
        XCTAssertNil(recordings.downloadToken)
        XCTAssertNil(recordings.meeting.topic)
        XCTAssertNil(recordings.meeting.startTime)
        XCTAssertEqual(recordings.files.first?.fileSize, 0)
        XCTAssertEqual(recordings.files.first?.fileExtension, "MP4")
        XCTAssertNil(recordings.files.first?.recordingStart)
    }

    func testLongTextIsClippedToItsColumn() throws {
        let topic = String(repeating: "я", count: 400)
        let event = try parse(#"{"event":"recording.completed","payload":{"object":{"uuid":"u","topic":"\#(topic)","recording_files":[]}}}"#)
        guard case .recordingsCompleted(let recordings) = event.action else { return XCTFail() }
        XCTAssertEqual(recordings.meeting.topic?.unicodeScalars.count, 300)
    }

    func testMalformedBodiesAreRefusedNamingTheField() {
        assertRefused("", "The request body is not a JSON object.")
        assertRefused("{", "The request body is not a JSON object.")
        assertRefused("[1]", "The request body is not a JSON object.")
        assertRefused("\"event\"", "The request body is not a JSON object.")
        assertRefused(#"{"payload":{}}"#, "event: this field is required.")
        assertRefused(#"{"event":5}"#, "event: this field has the wrong type.")
        assertRefused(#"{"event":""}"#, "event: this field may not be blank.")
        assertRefused(#"{"event":"endpoint.url_validation","payload":{}}"#, "payload.plainToken: this field is required.")
        assertRefused(#"{"event":"endpoint.url_validation"}"#, "payload: this field is required.")
        assertRefused(#"{"event":"meeting.ended","payload":{"object":{"topic":"x"}}}"#,
                      "payload.object.uuid: this field is required.")
        assertRefused(#"{"event":"meeting.ended","payload":{"object":{"id":[1]}}}"#,
                      "payload.object.id: this field has the wrong type.")
        assertRefused(#"{"event":"recording.completed","payload":{"object":{"id":5}}}"#,
                      "payload.object.uuid: this field is required.")
        assertRefused(#"{"event":"recording.completed","payload":{"object":{"uuid":"u","recording_files":{}}}}"#,
                      "payload.object.recording_files: this field has the wrong type.")
        assertRefused(#"{"event":"recording.completed","payload":{"object":{"uuid":"u","recording_files":[{"file_type":"MP4"}]}}}"#,
                      "payload.object.recording_files[0].id: this field is required.")
        let longUUID = String(repeating: "a", count: 129)
        assertRefused(#"{"event":"meeting.started","payload":{"object":{"uuid":"\#(longUUID)"}}}"#,
                      "payload.object.uuid: expected a meeting UUID of 1 to 128 bytes.")
    }

    func testTransferableFiles() {
        var file = WebhookRecordingFile(id: "f", fileType: "mp4", fileExtension: "MP4", downloadURL: "https://z/d",
                                        status: "completed")
        XCTAssertTrue(file.isTransferable(fileTypes: ["MP4", "M4A"]))
        XCTAssertFalse(file.isTransferable(fileTypes: ["M4A"]))
        file.status = "processing"
        XCTAssertFalse(file.isTransferable(fileTypes: ["MP4"]))
        XCTAssertTrue(file.isOneOf(["MP4"]))
        file.status = "completed"
        file.downloadURL = nil
        XCTAssertFalse(file.isTransferable(fileTypes: ["MP4"]))
    }
}
