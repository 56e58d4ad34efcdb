import Foundation
import XCTest
@testable import LecternCore

final class CalendarDayTests: XCTestCase {
    private func day(_ text: String) -> CalendarDay { CalendarDay(parsing: text)! }

    func testParsingIsExact() {
        XCTAssertEqual(CalendarDay(parsing: "2025-01-15")?.description, "2025-01-15")
        XCTAssertEqual(CalendarDay(parsing: "2024-02-29")?.description, "2024-02-29")
        for bad in ["2025-02-30", "2023-02-29", "2025-1-5", "2025-01-15T00:00:00Z", "20250115", "", "yesterday", "2025-13-01"] {
            XCTAssertNil(CalendarDay(parsing: bad), bad)
        }
        XCTAssertNil(CalendarDay(year: 2025, month: 2, day: 29))
    }

    func testWeekdaysAroundTheEpochAndYearEnds() {
        XCTAssertEqual(day("1970-01-01").weekday, 4)
        XCTAssertEqual(day("1969-12-29").weekday, 1)
        XCTAssertEqual(day("1969-12-28").weekday, 7)
        XCTAssertEqual(day("2025-01-13").weekday, 1)
        XCTAssertEqual(day("2025-01-19").weekday, 7)
        XCTAssertEqual(day("2024-12-31").weekday, 2)
        XCTAssertEqual(day("2026-01-01").monday, day("2025-12-29"))
        XCTAssertEqual(day("2025-01-19").monday, day("2025-01-13"))
        XCTAssertEqual(day("2025-01-13").monday, day("2025-01-13"))
    }

    func testArithmeticCrossesMonthsAndYears() {
        XCTAssertEqual(day("2024-12-31").adding(days: 1), day("2025-01-01"))
        XCTAssertEqual(day("2024-03-01").adding(days: -1), day("2024-02-29"))
        XCTAssertEqual(day("2025-03-01").days(since: day("2025-02-01")), 28)
        XCTAssertEqual(day("2025-01-01").days(since: day("2025-01-02")), -1)
        XCTAssertEqual(day("2025-01-01").year, 2025)
        XCTAssertEqual(day("2025-07-04").month, 7)
        XCTAssertEqual(day("2025-07-04").day, 4)
        XCTAssertLessThan(day("2024-12-31"), day("2025-01-01"))
    }

    func testLocalDayOfAnInstantDependsOnTheZone() throws {
        let instant = try Date("2025-01-15T23:30:00Z", strategy: .iso8601)
        XCTAssertEqual(CalendarDay(containing: instant, in: TimeZone(identifier: "UTC")!), day("2025-01-15"))
        XCTAssertEqual(CalendarDay(containing: instant, in: TimeZone(identifier: "Europe/Berlin")!), day("2025-01-16"))
        XCTAssertEqual(CalendarDay(containing: instant, in: TimeZone(identifier: "America/New_York")!), day("2025-01-15"))
        XCTAssertEqual(CalendarDay(containing: instant, in: TimeZone(identifier: "Pacific/Kiritimati")!), day("2025-01-16"))
    }

    func testStartOfDayFollowsTheZoneAndDST() throws {
        let berlin = TimeZone(identifier: "Europe/Berlin")!
        XCTAssertEqual(day("2025-01-15").start(in: berlin), try Date("2025-01-14T23:00:00Z", strategy: .iso8601))
        XCTAssertEqual(day("2025-07-15").start(in: berlin), try Date("2025-07-14T22:00:00Z", strategy: .iso8601))
        // The day the clocks go forward is 23 hours long, the day they go back 25.
        let spring = day("2025-03-30")
        XCTAssertEqual(spring.adding(days: 1).start(in: berlin).timeIntervalSince(spring.start(in: berlin)), 23 * 3600)
        let autumn = day("2025-10-26")
        XCTAssertEqual(autumn.adding(days: 1).start(in: berlin).timeIntervalSince(autumn.start(in: berlin)), 25 * 3600)
    }

    func testInstantsInDSTGapsAndOverlaps() throws {
        let berlin = TimeZone(identifier: "Europe/Berlin")!
        let half = LocalTime(hour: 2, minute: 30)!
        // 02:30 does not exist on 30 March 2025: it moves forward to 03:30 CEST.
        XCTAssertEqual(day("2025-03-30").instant(at: half, in: berlin), try Date("2025-03-30T01:30:00Z", strategy: .iso8601))
        // 02:30 happens twice on 26 October 2025: the first (CEST) one is taken.
        XCTAssertEqual(day("2025-10-26").instant(at: half, in: berlin), try Date("2025-10-26T00:30:00Z", strategy: .iso8601))
    }

    func testCodableUsesTheDateText() throws {
        let data = try JSONEncoder().encode([day("2025-01-15")])
        XCTAssertEqual(String(decoding: data, as: UTF8.self), #"["2025-01-15"]"#)
        XCTAssertEqual(try JSONDecoder().decode([CalendarDay].self, from: data), [day("2025-01-15")])
        XCTAssertThrowsError(try JSONDecoder().decode([CalendarDay].self, from: Data(#"["2025-02-30"]"#.utf8)))
    }
}
