import Foundation
import LecternTransfer
import XCTest

final class DutySchedulerTests: XCTestCase {
    func testSlotsAreWholeIntervalsSinceTheEpoch() {
        XCTAssertEqual(DutyScheduler.slot(of: Date(timeIntervalSince1970: 0), interval: 600), 0)
        XCTAssertEqual(DutyScheduler.slot(of: Date(timeIntervalSince1970: 599.999), interval: 600), 0)
        XCTAssertEqual(DutyScheduler.slot(of: Date(timeIntervalSince1970: 600), interval: 600), 1)
        XCTAssertEqual(DutyScheduler.slot(of: Date(timeIntervalSince1970: 1_700_000_123), interval: 600), 2_833_333)
    }

    func testEveryProcessNamesTheSameSlotTheSameWay() {
        // Two hosts whose clocks differ by seconds inside one slot enqueue one job.
        let a = DutyScheduler.slot(of: Date(timeIntervalSince1970: 1_700_000_401), interval: 600)
        let b = DutyScheduler.slot(of: Date(timeIntervalSince1970: 1_700_000_459), interval: 600)
        XCTAssertEqual(DutyScheduler.dedupeKey(kind: "duty.release_stuck_hosts", slot: a),
                       DutyScheduler.dedupeKey(kind: "duty.release_stuck_hosts", slot: b))
        XCTAssertEqual(DutyScheduler.dedupeKey(kind: "duty.release_stuck_hosts", slot: a), "duty.release_stuck_hosts:2833334")
        XCTAssertNotEqual(DutyScheduler.dedupeKey(kind: "duty.x", slot: a), DutyScheduler.dedupeKey(kind: "duty.x", slot: a + 1))
    }
}
