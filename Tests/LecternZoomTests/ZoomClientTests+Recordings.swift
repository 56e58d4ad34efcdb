import Foundation
import LecternHTTPClient
@testable import LecternZoom
import LecternTestSupport
import XCTest

extension ZoomClientTests {
    func testMeetingRecordingsEncodesSlashedUUIDsTwiceAndAsksForTheToken() throws {
        let transport = ScriptedTransport([ZoomClientTests.token, ZoomClientTests.json(200, #"""
            {"uuid":"/ab//c==","id":81000000001,"host_email":"h@school.edu","download_access_token":"dl-1",
             "recording_files":[{"id":"f1","file_type":"MP4","file_extension":"MP4","file_size":42,
                                 "download_url":"https://zoom.us/rec/download/f1","status":"completed",
                                 "recording_type":"shared_screen_with_speaker_view"}]}
            """#)])
        let recordings = try client(transport, tokens: MemoryTokenStore()).meetingRecordings(uuid: "/ab//c==")
        XCTAssertEqual(transport.requests[1].url,
                       "http://zoom.test/v2/meetings/%252Fab%252F%252Fc%253D%253D/recordings?include_fields=download_access_token")
        XCTAssertEqual(recordings.downloadAccessToken, "dl-1")
        XCTAssertEqual(recordings.recordingFiles?.first?.fileSize, 42)
    }

    func testUserRecordingsPagesAndDeletion() throws {
        let transport = ScriptedTransport([ZoomClientTests.token,
                                           ZoomClientTests.json(200, #"{"meetings":[],"next_page_token":""}"#),
                                           .success(HTTPClientResponse(status: 204))])
        let client = client(transport, tokens: MemoryTokenStore())
        let page = try client.userRecordings(userID: "h@school.edu", from: "2025-01-01", to: "2025-01-31", pageToken: "t+1")
        XCTAssertEqual(page.meetings.count, 0)
        XCTAssertEqual(transport.requests[1].url,
                       "http://zoom.test/v2/users/h%40school.edu/recordings?from=2025-01-01&to=2025-01-31&page_size=300&next_page_token=t%2B1")
        try client.deleteRecordingFile(meetingUUID: "abc==", fileID: "f1", .trash)
        XCTAssertEqual(transport.requests[2].method, "DELETE")
        XCTAssertEqual(transport.requests[2].url, "http://zoom.test/v2/meetings/abc%3D%3D/recordings/f1?action=trash")
    }

    func testDownloadStartRefusesWebPagesAndForeignRanges() {
        let html = HTTPClientResponse(status: 200, headers: [("Content-Type", "text/html; charset=utf-8")])
        XCTAssertThrowsError(try ZoomDownloader.startOffset(of: html, requested: 0)) {
            XCTAssertEqual($0 as? ZoomDownloadError, .notTheFile(contentType: "text/html; charset=utf-8"))
        }
        let partial = HTTPClientResponse(status: 206, headers: [("content-range", "bytes 100-199/200")])
        XCTAssertEqual(try ZoomDownloader.startOffset(of: partial, requested: 100), 100)
        XCTAssertThrowsError(try ZoomDownloader.startOffset(of: partial, requested: 50))
        let whole = HTTPClientResponse(status: 200, headers: [("Content-Type", "video/mp4")])
        XCTAssertEqual(try ZoomDownloader.startOffset(of: whole, requested: 100), 0)
    }

    func testContentRangeParsing() {
        XCTAssertEqual(ZoomDownloader.firstByte(ofContentRange: "bytes 0-9/10"), 0)
        XCTAssertEqual(ZoomDownloader.firstByte(ofContentRange: " bytes 524288-1048575/*"), 524_288)
        XCTAssertNil(ZoomDownloader.firstByte(ofContentRange: "items 1-2/3"))
    }
}
