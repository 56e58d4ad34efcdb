import Foundation
import XCTest
@testable import LecternCore

final class DayRangeTests: XCTestCase {
    private func day(_ text: String) -> CalendarDay { CalendarDay(parsing: text)! }

    func testLimits() throws {
        XCTAssertEqual(try DayRange.limited(from: day("2025-01-01"), to: day("2025-01-01")).dayCount, 1)
        XCTAssertEqual(try DayRange.limited(from: day("2025-01-01"), to: day("2026-01-01")).dayCount, 366)
        XCTAssertThrowsError(try DayRange.limited(from: day("2025-01-01"), to: day("2026-01-02"))) { error in
            XCTAssertEqual((error as? FieldProblem)?.field, "to")
        }
        XCTAssertThrowsError(try DayRange(from: day("2025-01-02"), to: day("2025-01-01"))) { error in
            XCTAssertEqual(error as? FieldProblem, FieldProblem("to", "must not be before from."))
        }
        XCTAssertEqual(try DayRange(from: day("2020-01-01"), to: day("2025-01-01")).dayCount, 1828)
    }

    func testIntervalRunsFromLocalMidnightToTheNextDaysMidnight() throws {
        let range = try DayRange(from: day("2025-01-13"), to: day("2025-01-19"))
        let berlin = range.interval(in: TimeZone(identifier: "Europe/Berlin")!)
        XCTAssertEqual(berlin.start, try Date("2025-01-12T23:00:00Z", strategy: .iso8601))
        XCTAssertEqual(berlin.end, try Date("2025-01-19T23:00:00Z", strategy: .iso8601))
        let samoa = range.interval(in: TimeZone(identifier: "Pacific/Apia")!)
        XCTAssertEqual(samoa.start, try Date("2025-01-12T11:00:00Z", strategy: .iso8601))
    }

    func testIntervalOverADSTChangeIsShorter() throws {
        let range = try DayRange(from: day("2025-03-30"), to: day("2025-03-30"))
        XCTAssertEqual(range.interval(in: TimeZone(identifier: "Europe/Berlin")!).duration, 23 * 3600)
    }
}
