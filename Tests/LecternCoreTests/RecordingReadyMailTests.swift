import LecternCore
import XCTest

final class RecordingReadyMailTests: XCTestCase {
    func testOneMailListsEveryReadyFileVideoFirst() {
        let mail = RecordingReadyMail(lessonTitle: "Optics", files: [
            .init(fileType: "CHAT", link: "https://d/chat"), .init(fileType: "TRANSCRIPT", link: "https://d/vtt"),
            .init(fileType: "M4A", link: "https://d/m4a"), .init(fileType: "MP4", link: "https://d/mp4"),
        ])
        XCTAssertEqual(mail.subject, "Recording of \"Optics\" is available")
        XCTAssertEqual(mail.body, """
            The recording of "Optics" is on the school's Google Drive:
            - Video (MP4): https://d/mp4
            - Audio (M4A): https://d/m4a
            - Transcript (TRANSCRIPT): https://d/vtt
            - Chat (CHAT): https://d/chat
            """)
    }

    func testTwoVideosKeepTheirOrderAndUnknownTypesComeLast() {
        let mail = RecordingReadyMail(lessonTitle: "T", files: [
            .init(fileType: "SUMMARY", link: "s"), .init(fileType: "MP4", link: "a"), .init(fileType: "mp4", link: "b"),
        ])
        XCTAssertEqual(mail.body.split(separator: "\n").dropFirst(), ["- Video (MP4): a", "- Video (MP4): b", "- File (SUMMARY): s"])
    }
}
