import Foundation
import LecternCore
import XCTest

final class PoolRulesTests: XCTestCase {
    let early = Date(timeIntervalSince1970: 1_000)
    let late = Date(timeIntervalSince1970: 2_000)

    func host(_ id: Int64, max: Int, active: Int, used: Date? = nil) -> HostLoad {
        HostLoad(accountID: id, maxConcurrentMeetings: max, activeLeases: active, lastUsedAt: used)
    }

    func testNoHostWhenAllAreFull() {
        XCTAssertNil(PoolRules.choose([]))
        XCTAssertNil(PoolRules.choose([host(1, max: 1, active: 1), host(2, max: 2, active: 2)]))
    }

    func testAHostOverItsLimitHasNoFreeSlot() {
        XCTAssertEqual(host(1, max: 1, active: 3).freeSlots, 0)
        XCTAssertNil(PoolRules.choose([host(1, max: 1, active: 3)]))
    }

    func testLeastLoadedFirst() {
        let chosen = PoolRules.choose([host(1, max: 3, active: 2), host(2, max: 2, active: 1), host(3, max: 1, active: 1)])
        XCTAssertEqual(chosen?.accountID, 2)
    }

    func testThenLeastRecentlyUsedWithNeverUsedFirst() {
        XCTAssertEqual(PoolRules.choose([host(1, max: 1, active: 0, used: late),
                                         host(2, max: 1, active: 0, used: early)])?.accountID, 2)
        XCTAssertEqual(PoolRules.choose([host(1, max: 1, active: 0, used: early),
                                         host(2, max: 1, active: 0, used: nil)])?.accountID, 2)
    }

    func testThenLowestID() {
        XCTAssertEqual(PoolRules.choose([host(7, max: 1, active: 0, used: early),
                                         host(3, max: 1, active: 0, used: early)])?.accountID, 3)
    }

    func testEveryFreeSlotIsHandedOutExactlyOnce() {
        // Simulates capture after capture: capacities 1, 2, 1, 2 give six leases, then none.
        var hosts = [host(1, max: 1, active: 0), host(2, max: 2, active: 0), host(3, max: 1, active: 0),
                     host(4, max: 2, active: 0)]
        var granted: [Int64] = []
        while let chosen = PoolRules.choose(hosts) {
            granted.append(chosen.accountID)
            let index = hosts.firstIndex { $0.accountID == chosen.accountID }!
            hosts[index].activeLeases += 1
        }
        XCTAssertEqual(granted.sorted(), [1, 2, 2, 3, 4, 4])
        XCTAssertTrue(hosts.allSatisfy { $0.activeLeases <= $0.maxConcurrentMeetings })
    }

    func testLimitCannotDropBelowTheLoad() {
        XCTAssertTrue(PoolRules.canSetLimit(2, activeLeases: 2))
        XCTAssertTrue(PoolRules.canSetLimit(3, activeLeases: 0))
        XCTAssertFalse(PoolRules.canSetLimit(1, activeLeases: 2))
        XCTAssertFalse(PoolRules.canSetLimit(0, activeLeases: 0))
    }

    func testExhaustedAnswerAsksToWait() {
        XCTAssertGreaterThan(PoolRules.exhaustedRetryAfterSeconds, 0)
    }
}
