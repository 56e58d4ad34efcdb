import Foundation
import LecternCore
import XCTest

final class StuckHostRulesTests: XCTestCase {
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    func lease(acquiredMinutesAgo: Double, meeting: String?, endedMinutesAgo: Double?) -> StuckLease {
        StuckLease(leaseID: 1, acquiredAt: now.addingTimeInterval(-acquiredMinutesAgo * 60), meetingID: meeting,
                   lessonEnd: endedMinutesAgo.map { now.addingTimeInterval(-$0 * 60) })
    }

    func testMeetinglessLeaseIsFreedAfterFiveMinutes() {
        XCTAssertEqual(StuckHostRules.decide(lease(acquiredMinutesAgo: 4.9, meeting: nil, endedMinutesAgo: 500), now: now), .keep)
        XCTAssertEqual(StuckHostRules.decide(lease(acquiredMinutesAgo: 5.1, meeting: nil, endedMinutesAgo: nil), now: now),
                       .release(reason: "no_meeting"))
    }

    func testRunningOrRecentlyEndedLessonIsKept() {
        XCTAssertEqual(StuckHostRules.decide(lease(acquiredMinutesAgo: 60, meeting: "1", endedMinutesAgo: -30), now: now), .keep)
        XCTAssertEqual(StuckHostRules.decide(lease(acquiredMinutesAgo: 60, meeting: "1", endedMinutesAgo: 14.9), now: now), .keep)
    }

    func testAfterFifteenMinutesZoomDecides() {
        XCTAssertEqual(StuckHostRules.decide(lease(acquiredMinutesAgo: 90, meeting: "1", endedMinutesAgo: 15.1), now: now),
                       .releaseUnlessStarted)
        XCTAssertEqual(StuckHostRules.decide(lease(acquiredMinutesAgo: 300, meeting: "1", endedMinutesAgo: 239), now: now),
                       .releaseUnlessStarted)
        XCTAssertNil(StuckHostRules.afterAsking(meetingStarted: true))
        XCTAssertEqual(StuckHostRules.afterAsking(meetingStarted: false), "ended")
    }

    func testHardStopFourHoursAfterTheEnd() {
        XCTAssertEqual(StuckHostRules.decide(lease(acquiredMinutesAgo: 400, meeting: "1", endedMinutesAgo: 241), now: now),
                       .release(reason: "hard_stop"))
    }

    func testLeaseWithoutLessonCountsFromCapture() {
        XCTAssertEqual(StuckHostRules.decide(lease(acquiredMinutesAgo: 10, meeting: "1", endedMinutesAgo: nil), now: now), .keep)
        XCTAssertEqual(StuckHostRules.decide(lease(acquiredMinutesAgo: 20, meeting: "1", endedMinutesAgo: nil), now: now),
                       .releaseUnlessStarted)
        XCTAssertEqual(StuckHostRules.decide(lease(acquiredMinutesAgo: 250, meeting: "1", endedMinutesAgo: nil), now: now),
                       .release(reason: "hard_stop"))
    }
}
