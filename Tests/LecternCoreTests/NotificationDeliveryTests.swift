@testable import LecternCore
import XCTest

final class NotificationDeliveryTests: XCTestCase {
    func testLateRowsAreSkippedOnlyBeforeTheirFirstAttempt() {
        XCTAssertEqual(NotificationDelivery.verdict(overdueSeconds: 0, attempts: 0), .send)
        XCTAssertEqual(NotificationDelivery.verdict(overdueSeconds: 24 * 3600, attempts: 0), .send)
        guard case .skip(let reason) = NotificationDelivery.verdict(overdueSeconds: 26 * 3600, attempts: 0) else {
            return XCTFail("a day-old notification is skipped")
        }
        XCTAssertTrue(reason.hasPrefix("skipped:"), reason)
        XCTAssertEqual(NotificationDelivery.verdict(overdueSeconds: 30 * 3600, attempts: 2), .send,
                       "a row already being retried is not dropped for lateness")
    }

    func testFailuresBackOffThenGiveUp() {
        XCTAssertEqual(NotificationDelivery.afterFailure(attempt: 1, jitter: 0), .retry(afterSeconds: 60))
        XCTAssertEqual(NotificationDelivery.afterFailure(attempt: 2, jitter: 0), .retry(afterSeconds: 300))
        XCTAssertEqual(NotificationDelivery.afterFailure(attempt: 3, jitter: 0), .retry(afterSeconds: 1_200))
        XCTAssertEqual(NotificationDelivery.afterFailure(attempt: 4, jitter: 0.99), .retry(afterSeconds: 3_956))
        XCTAssertEqual(NotificationDelivery.afterFailure(attempt: 5, jitter: 0), .giveUp)
        XCTAssertEqual(NotificationDelivery.afterFailure(attempt: 9, jitter: 0), .giveUp)
    }
}
