import XCTest
@testable import LecternCore

final class WebhookBodyRedactionTests: XCTestCase {
    let token = "eyJhbGciOiJIUzUxMiJ9.eyJleHAiOjE3MzcwMjU1MDB9.c2lnbmF0dXJl"

    func testTokenIsReplacedAndTheRestKeptByteForByte() {
        let body = "{ \"download_token\" :\t\"\(token)\",\n \"event\":\"recording.completed\" }"
        XCTAssertEqual(WebhookBodyRedaction.redact(Array(body.utf8), secrets: [token]),
                       "{ \"download_token\" :\t\"[redacted]\",\n \"event\":\"recording.completed\" }")
    }

    func testEscapedTokenIsReplacedThroughTheDocument() throws {
        let body = #"{"download_token":"abc\/def","n":1}"#
        let redacted = WebhookBodyRedaction.redact(Array(body.utf8), secrets: ["abc/def"])
        XCTAssertFalse(redacted.contains("abc"))
        let object = try JSONSerialization.jsonObject(with: Data(redacted.utf8)) as? [String: Any]
        XCTAssertEqual(object?["download_token"] as? String, "[redacted]")
        XCTAssertEqual(object?["n"] as? Int, 1)
    }

    func testNoSecretsLeavesTheBody() {
        XCTAssertEqual(WebhookBodyRedaction.redact(Array("{\"a\": 1}".utf8), secrets: []), "{\"a\": 1}")
        XCTAssertEqual(WebhookBodyRedaction.redact(Array("{\"a\": 1}".utf8), secrets: [""]), "{\"a\": 1}")
    }
}
