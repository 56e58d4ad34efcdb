import Foundation
import XCTest
@testable import LecternCore

final class LessonTimingTests: XCTestCase {
    private let start = Date(timeIntervalSince1970: 1_736_935_200)

    func testEndFromDurationOrEndTime() throws {
        XCTAssertEqual(try LessonTiming.end(start: start, end: nil, durationMinutes: 45), start.addingTimeInterval(2700))
        XCTAssertEqual(try LessonTiming.end(start: start, end: start.addingTimeInterval(60), durationMinutes: nil),
                       start.addingTimeInterval(60))
    }

    func testProblemsNameTheField() {
        func field(_ end: Date?, _ minutes: Int?) -> String? {
            do { _ = try LessonTiming.end(start: start, end: end, durationMinutes: minutes); return nil } catch {
                return (error as? FieldProblem)?.field
            }
        }
        XCTAssertEqual(field(nil, nil), "end_time")
        XCTAssertEqual(field(start.addingTimeInterval(60), 10), "duration")
        XCTAssertEqual(field(start, nil), "end_time")
        XCTAssertEqual(field(start.addingTimeInterval(-1), nil), "end_time")
        XCTAssertEqual(field(start.addingTimeInterval(86_401), nil), "end_time")
        XCTAssertEqual(field(nil, 0), "duration")
        XCTAssertEqual(field(nil, 1441), "duration")
    }
}
