import LecternCore
import XCTest

final class MeetingStartDecisionTests: XCTestCase {
    func testEveryStatusAndMeetingCombination() {
        for status in LessonStatus.allCases {
            for hasMeeting in [false, true] {
                let decision = MeetingStartDecision.decide(status: status, hasMeeting: hasMeeting)
                switch (status, hasMeeting) {
                case (.cancelled, _):
                    XCTAssertEqual(decision, .refuse(code: "lesson_cancelled", detail: "The lesson is cancelled; it cannot be started."))
                case (.ended, _):
                    XCTAssertEqual(decision, .refuse(code: "lesson_ended", detail: "The lesson has ended; it cannot be started again."))
                case (.scheduled, false), (.live, false):
                    XCTAssertEqual(decision, .createMeeting, "\(status)")
                case (.scheduled, true), (.live, true):
                    XCTAssertEqual(decision, .reuseMeeting, "\(status)")
                }
            }
        }
    }
}
