import XCTest
@testable import LecternCore

final class LoginThrottleTests: XCTestCase {
    let throttle = LoginThrottle()
    let now: Int64 = 1_000_000

    func testNineFailuresStillAllowed() {
        let failures = (0..<9).map { now - Int64($0 * 10) }
        XCTAssertNil(throttle.retryAfter(now: now, emailFailures: failures, addressFailures: failures))
    }

    func testTenthFailureLocksForFifteenMinutesFromIt() {
        let failures = (0..<10).map { now - 100 - Int64($0) }
        // The 10th most recent failure (the one that reached the limit) happened at now - 100.
        XCTAssertEqual(throttle.retryAfter(now: now, emailFailures: failures, addressFailures: []), 800)
    }

    func testFailuresOutsideTheWindowDoNotCount() {
        let failures = (0..<10).map { now - 900 - Int64($0) }
        XCTAssertNil(throttle.retryAfter(now: now, emailFailures: failures, addressFailures: []))
    }

    func testAddressLimit() {
        let ninetyNine = (0..<99).map { now - Int64($0) }
        XCTAssertNil(throttle.retryAfter(now: now, emailFailures: [], addressFailures: ninetyNine))
        let hundred = (0..<100).map { now - 10 - Int64($0) }
        // Locked for the window from the failure that reached the limit (the newest, at now - 10).
        XCTAssertEqual(throttle.retryAfter(now: now, emailFailures: [], addressFailures: hundred), 890)
    }

    func testLongerOfBothWaitsWins() {
        let email = (0..<10).map { now - 100 - Int64($0) }
        let address = (0..<100).map { now - 500 - Int64($0) }
        XCTAssertEqual(throttle.retryAfter(now: now, emailFailures: email, addressFailures: address), 800)
    }

    func testRacingFailuresPastTheLimitCountFromTheOneThatReachedIt() {
        // Twelve failures (two raced in): the lock runs from the 10th oldest, at now - 100.
        let failures = (0..<12).map { now - 100 * Int64($0 / 2) }.sorted(by: >)
        XCTAssertEqual(throttle.retryAfter(now: now, emailFailures: failures, addressFailures: []), 800)
    }

    func testNeverLessThanOneSecond() {
        let failures = (0..<10).map { now - 899 - Int64($0) * 0 }
        XCTAssertEqual(throttle.retryAfter(now: now, emailFailures: failures, addressFailures: []), 1)
    }
}
