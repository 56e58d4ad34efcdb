@testable import LecternHTTPClient
import XCTest

final class ResponseHeadTests: XCTestCase {
    func testStatusAndHeadersOfOneAnswer() {
        var head = ResponseHead()
        XCTAssertNil(head.status)
        for line in ["HTTP/1.1 200 OK\r\n", "Content-Type: video/mp4\r\n", "X-Empty:\r\n", "Location:  http://a/b?c=d:e \r\n", "\r\n"] {
            head.receive(line: line)
        }
        XCTAssertEqual(head.status, 200)
        XCTAssertTrue(head.isSuccess)
        XCTAssertEqual(head.headers.map(\.name), ["Content-Type", "X-Empty", "Location"])
        XCTAssertEqual(head.headers.map(\.value), ["video/mp4", "", "http://a/b?c=d:e"])
    }

    func testAFollowedRedirectLeavesOnlyTheFinalAnswer() {
        var head = ResponseHead()
        for line in ["HTTP/1.1 302 Found\r\n", "Location: https://cdn/x\r\n", "\r\n",
                     "HTTP/2 200\r\n", "content-length: 3\r\n", "\r\n"] {
            head.receive(line: line)
        }
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(head.headers.map(\.name), ["content-length"])
    }

    func testAnInterimAnswerIsReplacedByTheFinalOne() {
        var head = ResponseHead()
        for line in ["HTTP/1.1 100 Continue\r\n", "\r\n", "HTTP/1.1 308 Resume Incomplete\r\n", "Range: bytes=0-99\r\n"] {
            head.receive(line: line)
        }
        XCTAssertEqual(head.status, 308)
        XCTAssertFalse(head.isSuccess)
        XCTAssertEqual(head.headers.first?.value, "bytes=0-99")
    }

    func testStatusLineForms() {
        XCTAssertEqual(ResponseHead.statusCode(ofStatusLine: "HTTP/1.0 404 Not Found"), 404)
        XCTAssertEqual(ResponseHead.statusCode(ofStatusLine: "HTTP/2 204"), 204)
        XCTAssertEqual(ResponseHead.statusCode(ofStatusLine: "HTTP/3  500  "), 500)
        XCTAssertNil(ResponseHead.statusCode(ofStatusLine: "HTTP/1.1"))
        XCTAssertNil(ResponseHead.statusCode(ofStatusLine: "HTTP/1.1 OK"))
        XCTAssertNil(ResponseHead.statusCode(ofStatusLine: "HTTP/1.1 2000 Odd"))
    }
}
