import Foundation
import XCTest
@testable import LecternCore

final class WeekParityTests: XCTestCase {
    private func day(_ text: String) -> CalendarDay { CalendarDay(parsing: text)! }
    private let parity = WeekParity(anchor: CalendarDay(parsing: "2025-09-01")!)!

    func testTheAnchorWeekIsUpperFromMondayToSunday() {
        for offset in 0..<7 {
            XCTAssertEqual(parity.weekType(of: day("2025-09-01").adding(days: offset)), .upper, "\(offset)")
        }
    }

    func testWeeksAlternateAfterTheAnchor() {
        XCTAssertEqual(parity.weekType(of: day("2025-09-08")), .lower)
        XCTAssertEqual(parity.weekType(of: day("2025-09-14")), .lower)
        XCTAssertEqual(parity.weekType(of: day("2025-09-15")), .upper)
        XCTAssertEqual(parity.weekType(of: day("2025-09-22")), .lower)
    }

    func testWeeksAlternateBeforeTheAnchor() {
        XCTAssertEqual(parity.weekType(of: day("2025-08-31")), .lower)
        XCTAssertEqual(parity.weekType(of: day("2025-08-25")), .lower)
        XCTAssertEqual(parity.weekType(of: day("2025-08-24")), .upper)
        XCTAssertEqual(parity.weekType(of: day("2025-08-18")), .upper)
        XCTAssertEqual(parity.weekType(of: day("2025-08-17")), .lower)
    }

    func testAlternationRunsOnAcrossYearBoundaries() {
        // 2025-09-01 + 17 weeks = 2025-12-29 (Monday of the week holding New Year's Day).
        XCTAssertEqual(parity.weekType(of: day("2025-12-29")), .lower)
        XCTAssertEqual(parity.weekType(of: day("2026-01-01")), .lower)
        XCTAssertEqual(parity.weekType(of: day("2026-01-04")), .lower)
        XCTAssertEqual(parity.weekType(of: day("2026-01-05")), .upper)
        // A year earlier: 2024-12-30 is 35 weeks before the anchor.
        XCTAssertEqual(parity.weekType(of: day("2024-12-31")), .lower)
        XCTAssertEqual(parity.weekType(of: day("2025-01-06")), .upper)
        // Far away in both directions, whole weeks keep alternating.
        XCTAssertEqual(parity.weekType(of: day("2025-09-01").adding(days: 7 * 1000)), .upper)
        XCTAssertEqual(parity.weekType(of: day("2025-09-01").adding(days: -7 * 1001)), .lower)
    }

    func testAdmits() {
        XCTAssertTrue(parity.admits(.all, on: day("2025-09-08")))
        XCTAssertTrue(parity.admits(.upper, on: day("2025-09-03")))
        XCTAssertFalse(parity.admits(.lower, on: day("2025-09-03")))
        XCTAssertTrue(parity.admits(.lower, on: day("2025-09-10")))
        XCTAssertFalse(parity.admits(.upper, on: day("2025-09-10")))
    }

    func testDefaultAnchorIsTheFirstMondayOfSeptemberOfTheAcademicYear() {
        XCTAssertEqual(WeekParity.academicYearDefault(today: day("2025-09-01")).anchor, day("2025-09-01"))
        XCTAssertEqual(WeekParity.academicYearDefault(today: day("2025-08-31")).anchor, day("2024-09-02"))
        XCTAssertEqual(WeekParity.academicYearDefault(today: day("2026-01-15")).anchor, day("2025-09-01"))
        XCTAssertEqual(WeekParity.academicYearDefault(today: day("2026-12-31")).anchor, day("2026-09-07"))
        XCTAssertEqual(WeekParity.academicYearDefault(today: day("2029-10-01")).anchor, day("2029-09-03"))
        // 1 September 2024 was a Sunday.
        XCTAssertEqual(WeekParity.academicYearDefault(today: day("2024-09-01")).anchor, day("2024-09-02"))
    }

    func testConfiguredAnchorMustBeAMondayDate() throws {
        XCTAssertEqual(try WeekParity.resolve(setting: "2025-01-06", today: day("2025-10-01")).anchor, day("2025-01-06"))
        XCTAssertEqual(try WeekParity.resolve(setting: nil, today: day("2025-10-01")).anchor, day("2025-09-01"))
        XCTAssertThrowsError(try WeekParity.validate(setting: "2025-01-07")) { error in
            XCTAssertEqual("\(error)", "configuration: LECTERN_WEEK_PARITY_ANCHOR is invalid: 2025-01-07 is not a Monday")
        }
        XCTAssertThrowsError(try WeekParity.validate(setting: "next monday")) { error in
            XCTAssertEqual(error as? ConfigurationError, .invalid("LECTERN_WEEK_PARITY_ANCHOR", "'next monday' is not a YYYY-MM-DD date"))
        }
        XCTAssertNil(WeekParity(anchor: day("2025-09-02")))
    }

    func testConfigurationRejectsABadAnchorAtLoad() throws {
        let load = { (anchor: String) in
            try Configuration(environment: ["LECTERN_WEEK_PARITY_ANCHOR": anchor], cores: 1) { _ in "" }
        }
        XCTAssertEqual(try load("2025-01-06").weekParityAnchor, "2025-01-06")
        XCTAssertThrowsError(try load("2025-01-05"))
        XCTAssertThrowsError(try load("06.01.2025"))
        let configured = try load("2025-01-06")
        XCTAssertEqual(configured.weekParity(now: Date()).anchor, day("2025-01-06"))
        let unset = try Configuration(environment: [:], cores: 1) { _ in "" }
        XCTAssertEqual(unset.weekParity(now: try Date("2026-02-10T12:00:00Z", strategy: .iso8601)).anchor, day("2025-09-01"))
    }
}
