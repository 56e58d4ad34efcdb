import LecternHTTPClient
import XCTest

final class RetryBackoffTests: XCTestCase {
    let backoff = RetryBackoff(base: 0.5, cap: 8)

    func testDelayStaysWithinHalfAndAllOfTheCeiling() {
        for attempt in 1...12 {
            let ceiling = min(0.5 * pow(2, Double(attempt - 1)), 8)
            for jitter in stride(from: 0.0, through: 0.999, by: 0.111) {
                let delay = backoff.delay(afterAttempt: attempt, jitter: jitter)
                XCTAssertGreaterThanOrEqual(delay, ceiling / 2, "attempt \(attempt)")
                XCTAssertLessThanOrEqual(delay, ceiling, "attempt \(attempt)")
            }
        }
    }

    func testGrowsThenCaps() {
        XCTAssertEqual(backoff.delay(afterAttempt: 1, jitter: 1), 0.5)
        XCTAssertEqual(backoff.delay(afterAttempt: 2, jitter: 1), 1)
        XCTAssertEqual(backoff.delay(afterAttempt: 5, jitter: 1), 8)
        XCTAssertEqual(backoff.delay(afterAttempt: 1_000, jitter: 1), 8)
        XCTAssertEqual(backoff.delay(afterAttempt: 5, jitter: 0), 4)
    }

    func testOutOfRangeInputsAreClamped() {
        XCTAssertEqual(backoff.delay(afterAttempt: 0, jitter: -3), 0.25)
        XCTAssertEqual(backoff.delay(afterAttempt: -7, jitter: 9), 0.5)
    }

    func testRetryAfterWinsButNeverBusyLoops() {
        XCTAssertEqual(backoff.wait(afterAttempt: 1, retryAfter: 3, jitter: 0), 3)
        XCTAssertEqual(backoff.wait(afterAttempt: 1, retryAfter: 0, jitter: 0), 0.25)
        XCTAssertEqual(backoff.wait(afterAttempt: 2, retryAfter: nil, jitter: 1), 1)
    }
}
