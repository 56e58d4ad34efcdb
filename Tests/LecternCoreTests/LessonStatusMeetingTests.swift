import XCTest
@testable import LecternCore

final class LessonStatusMeetingTests: XCTestCase {
    func testMeetingStartMakesOnlyScheduledLessonsLive() {
        let expected: [LessonStatus: LessonStatus] = [.scheduled: .live, .live: .live, .ended: .ended,
                                                      .cancelled: .cancelled]
        for status in LessonStatus.allCases {
            XCTAssertEqual(status.afterMeetingStarted, expected[status], "\(status)")
        }
        XCTAssertEqual(LessonStatus.startedByMeeting, [.scheduled])
    }

    func testMeetingEndEndsScheduledAndLiveLessons() {
        let expected: [LessonStatus: LessonStatus] = [.scheduled: .ended, .live: .ended, .ended: .ended,
                                                      .cancelled: .cancelled]
        for status in LessonStatus.allCases {
            XCTAssertEqual(status.afterMeetingEnded, expected[status], "\(status)")
        }
        XCTAssertEqual(LessonStatus.endedByMeeting, [.scheduled, .live])
    }

    func testEndThenLateStartNeverResurrects() {
        for status in LessonStatus.allCases {
            XCTAssertEqual(status.afterMeetingEnded.afterMeetingStarted, status.afterMeetingEnded, "\(status)")
            XCTAssertEqual(status.afterMeetingStarted.afterMeetingEnded, status.afterMeetingEnded, "\(status)")
        }
    }
}
