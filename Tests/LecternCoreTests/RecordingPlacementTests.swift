import Foundation
import XCTest
@testable import LecternCore

final class RecordingPlacementTests: XCTestCase {
    let berlin = TimeZone(identifier: "Europe/Berlin")!
    /// 2025-03-30 08:05 UTC: 10:05 in Berlin, the morning the clocks went forward.
    let start = Date(timeIntervalSince1970: 1_743_321_900)

    func subject(lesson: (String, String)? = ("Class 7b", "Algebra"), topic: String = "Algebra",
                 hostEmail: String? = "host1@school.example", start: Date? = nil, zone: TimeZone? = nil,
                 type: String? = "shared_screen_with_speaker_view", fileType: String = "MP4",
                 ext: String = "MP4") -> RecordingPlacement.Subject {
        .init(lesson: lesson.map { RecordingPlacement.Lesson(groupName: $0.0, title: $0.1) }, hostEmail: hostEmail, topic: topic,
              recordingStart: start ?? self.start, recordingType: type, fileType: fileType, fileExtension: ext,
              timeZone: zone ?? berlin)
    }

    func testLessonRecordingsGoToGroupThenLessonTitle() {
        let placement = RecordingPlacement(subject())
        XCTAssertEqual(placement.folderPath, ["Class 7b", "Algebra"])
        XCTAssertEqual(placement.fileName, "Algebra 2025-03-30 10.05 shared_screen_with_speaker_view.mp4")
        XCTAssertEqual(placement.mimeType, "video/mp4")
    }

    func testEventRecordingsGoToEventsThenEventTitle() {
        var subject = subject(lesson: nil, topic: "Open day")
        subject.eventTitle = "Open day\n2025"
        let placement = RecordingPlacement(subject)
        XCTAssertEqual(placement.folderPath, ["Events", "Open day 2025"])
        XCTAssertEqual(placement.fileName, "Open day 2025-03-30 10.05 shared_screen_with_speaker_view.mp4")
    }

    func testUnknownMeetingsGoToHostThenLocalMonth() {
        // 23:30 UTC on 31 January is already February in Berlin.
        let lateJanuary = Date(timeIntervalSince1970: 1_738_366_200)
        let placement = RecordingPlacement(subject(lesson: nil, topic: "Staff meeting", start: lateJanuary))
        XCTAssertEqual(placement.folderPath, ["host1@school.example", "2025-02"])
        XCTAssertEqual(placement.fileName, "Staff meeting 2025-02-01 00.30 shared_screen_with_speaker_view.mp4")
    }

    func testLocalTimeFollowsTheZone() {
        let utc = RecordingPlacement(subject(zone: TimeZone(identifier: "UTC")!))
        XCTAssertEqual(utc.fileName, "Algebra 2025-03-30 08.05 shared_screen_with_speaker_view.mp4")
    }

    func testTopicIsCutTo110Characters() {
        let long = String(repeating: "ж", count: 200)
        let placement = RecordingPlacement(subject(topic: long, type: "audio_only", fileType: "M4A", ext: "M4A"))
        XCTAssertEqual(placement.fileName, String(repeating: "ж", count: 110) + " 2025-03-30 10.05 audio_only.m4a")
        XCTAssertEqual(placement.mimeType, "audio/mp4")
    }

    func testControlCharactersAndBlankNames() {
        let placement = RecordingPlacement(subject(lesson: ("  ", "Line\none"), topic: "\t", type: nil,
                                                   fileType: "CHAT", ext: "TXT"))
        XCTAssertEqual(placement.folderPath, ["untitled", "Line one"])
        XCTAssertEqual(placement.fileName, "Zoom recording 2025-03-30 10.05.txt")
        XCTAssertEqual(placement.mimeType, "text/plain")
    }

    func testMissingHostAndStart() {
        var bare = subject(lesson: nil, hostEmail: nil)
        bare.recordingStart = nil
        let placement = RecordingPlacement(bare)
        XCTAssertEqual(placement.folderPath, ["unknown host", "undated"])
        XCTAssertEqual(placement.fileName, "Algebra shared_screen_with_speaker_view.mp4")
    }

    func testMimeTypes() {
        XCTAssertEqual(RecordingPlacement.mimeType(fileType: "TRANSCRIPT", fileExtension: "VTT"), "text/vtt")
        XCTAssertEqual(RecordingPlacement.mimeType(fileType: "CC", fileExtension: "VTT"), "text/vtt")
        XCTAssertEqual(RecordingPlacement.mimeType(fileType: "TIMELINE", fileExtension: "JSON"), "application/json")
        XCTAssertEqual(RecordingPlacement.mimeType(fileType: "SUMMARY", fileExtension: "BIN"), "application/octet-stream")
    }
}
