import Foundation
import LecternCore
import XCTest

final class EventTransitionTests: XCTestCase {
    private let now = Date(timeIntervalSince1970: 1_900_000_000)

    private func code(_ transition: EventTransition) -> String? {
        if case .refuse(let code, _) = transition { return code }
        return nil
    }

    func testEveryPairOfStatuses() {
        let future = now.addingTimeInterval(3600)
        let expected: [EventStatus: [EventStatus: EventTransition]] = [
            .draft: [.draft: .unchanged, .scheduled: .schedule, .cancelled: .cancel],
            .scheduled: [.scheduled: .unchanged, .cancelled: .cancel],
            .cancelled: [.cancelled: .unchanged],
            .finished: [.finished: .unchanged],
        ]
        let refused: [EventStatus: [EventStatus: String]] = [
            .draft: [.finished: "event_not_scheduled"],
            .scheduled: [.draft: "event_scheduled", .finished: "event_not_started"],
            .cancelled: [.draft: "event_closed", .scheduled: "event_closed", .finished: "event_closed"],
            .finished: [.draft: "event_closed", .scheduled: "event_closed", .cancelled: "event_closed"],
        ]
        for from in EventStatus.allCases {
            for to in EventStatus.allCases {
                let transition = EventTransition.decide(from: from, to: to, start: future, now: now)
                if let allowed = expected[from]?[to] {
                    XCTAssertEqual(transition, allowed, "\(from) → \(to)")
                } else {
                    XCTAssertEqual(code(transition), refused[from]?[to], "\(from) → \(to)")
                }
            }
        }
    }

    func testAScheduledEventIsFinishedOnlyOnceItHasStarted() {
        XCTAssertEqual(EventTransition.decide(from: .scheduled, to: .finished, start: now, now: now), .finish)
        XCTAssertEqual(EventTransition.decide(from: .scheduled, to: .finished, start: now.addingTimeInterval(-60), now: now),
                       .finish)
        XCTAssertEqual(code(EventTransition.decide(from: .scheduled, to: .finished, start: now.addingTimeInterval(1),
                                                   now: now)), "event_not_started")
    }

    func testClosedStatuses() {
        XCTAssertEqual(EventStatus.allCases.filter(\.isClosed), [.cancelled, .finished])
    }

    func testTiming() {
        XCTAssertNoThrow(try EventTiming.checkDuration(1))
        XCTAssertNoThrow(try EventTiming.checkDuration(1440))
        for minutes in [0, -5, 1441] {
            XCTAssertThrowsError(try EventTiming.checkDuration(minutes)) {
                XCTAssertEqual(($0 as? FieldProblem)?.field, "duration")
            }
        }
        XCTAssertNoThrow(try EventTiming.checkSchedulable(start: now.addingTimeInterval(1), now: now))
        XCTAssertThrowsError(try EventTiming.checkSchedulable(start: now, now: now)) {
            XCTAssertEqual(($0 as? FieldProblem)?.field, "start_time")
        }
    }
}
