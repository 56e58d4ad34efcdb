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

    func testMeetinglessLeaseOfAPressStillCreatingIsKept() {
        var taken = lease(acquiredMinutesAgo: 30, meeting: nil, endedMinutesAgo: nil)
        taken.claimUntil = now.addingTimeInterval(20)
        XCTAssertEqual(StuckHostRules.decide(taken, now: now), .keep)
        taken.claimUntil = now.addingTimeInterval(-1)
        XCTAssertEqual(StuckHostRules.decide(taken, now: now), .release(reason: "no_meeting"))
    }

    func testALateStartMovesTheEndByItsDelay() {
        let start = now.addingTimeInterval(-100 * 60)
        let end = now.addingTimeInterval(-40 * 60)
        XCTAssertEqual(StuckLease.lessonEnd(plannedStart: start, plannedEnd: end, startedAt: nil, endedAt: nil), end)
        // Started early or on time: the planned end stands.
        XCTAssertEqual(StuckLease.lessonEnd(plannedStart: start, plannedEnd: end, startedAt: start.addingTimeInterval(-300),
                                            endedAt: nil), end)
        // Started 30 minutes late: an hour from then.
        XCTAssertEqual(StuckLease.lessonEnd(plannedStart: start, plannedEnd: end, startedAt: start.addingTimeInterval(1800),
                                            endedAt: nil), end.addingTimeInterval(1800))
        // Ended by hand: that is the end.
        let ended = now.addingTimeInterval(-90 * 60)
        XCTAssertEqual(StuckLease.lessonEnd(plannedStart: start, plannedEnd: end, startedAt: start.addingTimeInterval(1800),
                                            endedAt: ended), ended)
    }

    func testRecheckActsOnlyOnFreshFacts() {
        let over = lease(acquiredMinutesAgo: 90, meeting: "1", endedMinutesAgo: 20)
        XCTAssertEqual(StuckHostRules.recheck(over, now: now, notRunningMeetingID: "1"), "ended")
        // Zoom was not asked, or asked about another meeting than the lease has now.
        XCTAssertNil(StuckHostRules.recheck(over, now: now, notRunningMeetingID: nil))
        XCTAssertNil(StuckHostRules.recheck(over, now: now, notRunningMeetingID: "2"))
        // The lesson was moved (or restarted late) while Zoom was asked.
        XCTAssertNil(StuckHostRules.recheck(lease(acquiredMinutesAgo: 90, meeting: "1", endedMinutesAgo: 5), now: now,
                                            notRunningMeetingID: "1"))
        // A meeting was attached to a lease that looked meetingless.
        XCTAssertNil(StuckHostRules.recheck(lease(acquiredMinutesAgo: 6, meeting: "1", endedMinutesAgo: -50), now: now,
                                            notRunningMeetingID: nil))
        XCTAssertEqual(StuckHostRules.recheck(lease(acquiredMinutesAgo: 6, meeting: nil, endedMinutesAgo: -50), now: now,
                                              notRunningMeetingID: nil), "no_meeting")
        XCTAssertEqual(StuckHostRules.recheck(lease(acquiredMinutesAgo: 400, meeting: "1", endedMinutesAgo: 241), now: now,
                                              notRunningMeetingID: nil), "hard_stop")
    }
}
