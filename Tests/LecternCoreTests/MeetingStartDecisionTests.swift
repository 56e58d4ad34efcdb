import Foundation
import LecternCore
import XCTest

final class MeetingStartDecisionTests: XCTestCase {
    func testEveryStatusMeetingAndClaimCombination() {
        for status in LessonStatus.allCases {
            for hasMeeting in [false, true] {
                for claimHeld in [false, true] {
                    let decision = MeetingStartDecision.decide(status: status, hasMeeting: hasMeeting, claimHeld: claimHeld)
                    switch (status, hasMeeting, claimHeld) {
                    case (.cancelled, _, _):
                        XCTAssertEqual(decision, .refuse(code: "lesson_cancelled", detail: "The lesson is cancelled; it cannot be started."))
                    case (.ended, _, _):
                        XCTAssertEqual(decision, .refuse(code: "lesson_ended", detail: "The lesson has ended; it cannot be started again."))
                    case (.scheduled, true, _), (.live, true, _):
                        XCTAssertEqual(decision, .reuseMeeting, "\(status)")
                    case (.scheduled, false, true), (.live, false, true):
                        XCTAssertEqual(decision, .inProgress, "\(status)")
                    case (.scheduled, false, false), (.live, false, false):
                        XCTAssertEqual(decision, .createMeeting, "\(status)")
                    }
                }
            }
        }
    }

    func testClaimIsHeldUntilItsExpiry() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let claim = StartClaim.taken(token: "t", now: now)
        XCTAssertEqual(claim.until, now.addingTimeInterval(StartClaim.lifetime))
        XCTAssertTrue(StartClaim.isHeld(until: claim.until, token: "t", now: now.addingTimeInterval(59)))
        XCTAssertFalse(StartClaim.isHeld(until: claim.until, token: "t", now: claim.until))
        XCTAssertFalse(StartClaim.isHeld(until: nil, token: "t", now: now))
        XCTAssertFalse(StartClaim.isHeld(until: claim.until, token: nil, now: now))
    }

    func testClaimOutlastsTheZoomClientsLongestCall() {
        // A token fetch and a create, each a 15 s budget plus a last 15 s attempt.
        XCTAssertGreaterThan(StartClaim.lifetime, 2 * 15 + 15)
    }
}
