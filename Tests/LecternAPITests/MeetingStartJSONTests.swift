@testable import LecternAPI
import LecternPool
import XCTest

/// The start routes' answer keeps the document's key order, every key present (null when empty).
final class MeetingStartJSONTests: XCTestCase {
    func testKeysInTheDocumentsOrderWithNulls() {
        let start = MeetingStart(lessonID: 7, zoomStartURL: "https://zoom.example/s/1?zak=k", zoomJoinURL: "https://zoom.example/j/1",
                                 zoomMeetingID: "81234567890", zoomPassword: nil, accountEmail: "host@school.test")
        XCTAssertEqual(String(decoding: start.jsonBytes, as: UTF8.self),
                       #"{"lesson_id":7,"zoom_start_url":"https://zoom.example/s/1?zak=k","zoom_join_url":"https://zoom.example/j/1","#
                       + #""zoom_meeting_id":"81234567890","zoom_password":null,"account_email":"host@school.test"}"#)
    }
}
