import XCTest
@testable import LecternCore

final class DayRangeMonthWindowsTests: XCTestCase {
    private func day(_ text: String) -> CalendarDay { CalendarDay(parsing: text)! }

    private func windows(_ from: String, _ to: String) throws -> [String] {
        try DayRange(from: day(from), to: day(to)).monthWindows.map { "\($0.from)…\($0.to)" }
    }

    func testARangeIsCutAtMonthBoundaries() throws {
        XCTAssertEqual(try windows("2025-01-15", "2025-03-02"),
                       ["2025-01-15…2025-01-31", "2025-02-01…2025-02-28", "2025-03-01…2025-03-02"])
    }

    func testASingleDayIsOneWindow() throws {
        XCTAssertEqual(try windows("2025-06-30", "2025-06-30"), ["2025-06-30…2025-06-30"])
    }

    func testAWholeMonthIsOneWindow() throws {
        XCTAssertEqual(try windows("2025-04-01", "2025-04-30"), ["2025-04-01…2025-04-30"])
        XCTAssertEqual(try windows("2025-04-30", "2025-05-01"), ["2025-04-30…2025-04-30", "2025-05-01…2025-05-01"])
    }

    func testLeapYearsEndFebruaryOnThe29th() throws {
        XCTAssertEqual(try windows("2024-02-10", "2024-03-01"), ["2024-02-10…2024-02-29", "2024-03-01…2024-03-01"])
        XCTAssertEqual(try windows("2100-02-10", "2100-03-01"), ["2100-02-10…2100-02-28", "2100-03-01…2100-03-01"])
        XCTAssertEqual(try windows("2000-02-29", "2000-02-29"), ["2000-02-29…2000-02-29"])
    }

    func testTheYearTurns() throws {
        XCTAssertEqual(try windows("2024-12-20", "2025-01-10"), ["2024-12-20…2024-12-31", "2025-01-01…2025-01-10"])
    }

    func testEveryWindowStaysInsideOneMonthAndTheyCoverTheRangeOnce() throws {
        let range = try DayRange(from: day("2023-11-07"), to: day("2025-02-13"))
        let windows = range.monthWindows
        XCTAssertEqual(windows.count, 16)
        XCTAssertEqual(windows.first?.from, range.from)
        XCTAssertEqual(windows.last?.to, range.to)
        for (window, next) in zip(windows, windows.dropFirst()) {
            XCTAssertEqual(next.from, window.to.adding(days: 1))
        }
        for window in windows {
            XCTAssertEqual(window.from.month, window.to.month)
            XCTAssertLessThanOrEqual(window.dayCount, 31)
        }
        XCTAssertEqual(windows.reduce(0) { $0 + $1.dayCount }, range.dayCount)
    }

    func testARangeThatEndsBeforeItStartsIsRejected() {
        XCTAssertThrowsError(try DayRange(from: day("2025-03-02"), to: day("2025-01-15")))
    }
}
