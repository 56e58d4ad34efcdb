@testable import LecternDrive
import XCTest

final class DriveBackoffTests: XCTestCase {
    func testDoublesWithJitterUpToTheCap() {
        XCTAssertEqual(DriveBackoff.delay(afterAttempt: 1, retryAfter: nil, jitter: 0), 1)
        XCTAssertEqual(DriveBackoff.delay(afterAttempt: 2, retryAfter: nil, jitter: 0.5), 2.5)
        XCTAssertEqual(DriveBackoff.delay(afterAttempt: 4, retryAfter: nil, jitter: 0.25), 8.25)
        XCTAssertEqual(DriveBackoff.delay(afterAttempt: 7, retryAfter: nil, jitter: 0.9), 64)
        XCTAssertEqual(DriveBackoff.delay(afterAttempt: 40, retryAfter: nil, jitter: 0.9), 64)
    }

    func testRetryAfterWinsButNeverBelowASecond() {
        XCTAssertEqual(DriveBackoff.delay(afterAttempt: 1, retryAfter: 7, jitter: 0.5), 7)
        XCTAssertEqual(DriveBackoff.delay(afterAttempt: 3, retryAfter: 0, jitter: 0.5), 1)
    }
}
