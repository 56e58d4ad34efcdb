import Foundation
import XCTest
@testable import LecternCore

final class WebhookTimestampTests: XCTestCase {
    let now = Date(timeIntervalSince1970: 1_700_000_000.9)

    func testDigitsParse() {
        XCTAssertEqual(WebhookTimestamp.seconds(from: "1700000000"), 1_700_000_000)
        XCTAssertEqual(WebhookTimestamp.seconds(from: "0"), 0)
    }

    func testAnythingButPlainDigitsIsRefused() {
        for text in [nil, "", " 1700000000", "1700000000 ", "+1700000000", "-5", "1700000000.5", "1.7e9",
                     "17000000000000", "abc", "١٢٣", "0x10"] {
            XCTAssertNil(WebhookTimestamp.seconds(from: text), "\(text ?? "nil")")
        }
    }

    func testWindowIsThreeHundredSecondsEitherWay() {
        XCTAssertTrue(WebhookTimestamp.isFresh(1_700_000_000, now: now))
        XCTAssertTrue(WebhookTimestamp.isFresh(1_700_000_300, now: now))
        XCTAssertTrue(WebhookTimestamp.isFresh(1_699_999_700, now: now))
        XCTAssertFalse(WebhookTimestamp.isFresh(1_700_000_301, now: now))
        XCTAssertFalse(WebhookTimestamp.isFresh(1_699_999_699, now: now))
        XCTAssertFalse(WebhookTimestamp.isFresh(0, now: now))
        XCTAssertFalse(WebhookTimestamp.isFresh(999_999_999_999, now: now))
    }
}
