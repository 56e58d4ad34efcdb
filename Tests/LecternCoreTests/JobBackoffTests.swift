import XCTest
import Foundation
@testable import LecternCore

final class JobBackoffTests: XCTestCase {
    func testScheduleGrowsThenStays() {
        XCTAssertEqual(JobBackoff.delay(afterAttempt: 1, jitter: 0), 60)
        XCTAssertEqual(JobBackoff.delay(afterAttempt: 2, jitter: 0), 300)
        XCTAssertEqual(JobBackoff.delay(afterAttempt: 3, jitter: 0), 1_200)
        XCTAssertEqual(JobBackoff.delay(afterAttempt: 4, jitter: 0), 3_600)
        XCTAssertEqual(JobBackoff.delay(afterAttempt: 5, jitter: 0), 21_600)
        XCTAssertEqual(JobBackoff.delay(afterAttempt: 9, jitter: 0), 21_600)
    }

    func testJitterIsAtMostTenPercent() {
        XCTAssertEqual(JobBackoff.delay(afterAttempt: 1, jitter: 0.999), 65)
        XCTAssertEqual(JobBackoff.delay(afterAttempt: 1, jitter: 7), 66)
    }

    func testUserSubscription() {
        let now = Date(timeIntervalSince1970: 1_000)
        var user = User(id: 1, email: "t@x", name: "T", role: .teacher, timezone: "UTC",
                        subscriptionExpiresAt: now.addingTimeInterval(-1))
        XCTAssertFalse(user.subscriptionActive(at: now))
        user.subscriptionExpiresAt = nil
        XCTAssertTrue(user.subscriptionActive(at: now))
        user.role = .admin
        user.subscriptionExpiresAt = now.addingTimeInterval(-1)
        XCTAssertTrue(user.subscriptionActive(at: now))
    }
}
