import Foundation
import XCTest
@testable import LecternCore

final class InputBoundsTests: XCTestCase {
    private func problem(_ body: () throws -> Any) -> FieldProblem? {
        do {
            _ = try body()
            return nil
        } catch {
            return error as? FieldProblem
        }
    }

    func testNamesAreTrimmedNotBlankAndCountCodePoints() throws {
        XCTAssertEqual(try InputBounds.name("  Optics \n", field: "title"), "Optics")
        XCTAssertEqual(problem { try InputBounds.name(" \t", field: "title") }?.field, "title")
        XCTAssertEqual(try InputBounds.name(String(repeating: "x", count: 200), field: "name").count, 200)
        XCTAssertEqual(problem { try InputBounds.name(String(repeating: "x", count: 201), field: "name") },
                       FieldProblem("name", "at most 200 characters."))
        // 100 graphemes of two code points each: 200 code points, accepted; one more is refused.
        let combining = String(repeating: "e\u{301}", count: 100)
        XCTAssertEqual(combining.count, 100)
        XCTAssertNoThrow(try InputBounds.name(combining, field: "title"))
        XCTAssertNotNil(problem { try InputBounds.name(combining + "e", field: "title") })
        // An emoji is one code point (four UTF-8 bytes).
        XCTAssertNoThrow(try InputBounds.name(String(repeating: "📚", count: 200), field: "title"))
    }

    func testTextsAreKeptAsSentUpTo10000() throws {
        XCTAssertEqual(try InputBounds.text(" a \n", field: "topics"), " a \n")
        XCTAssertNoThrow(try InputBounds.text(String(repeating: "t", count: 10_000), field: "topics"))
        XCTAssertEqual(problem { try InputBounds.text(String(repeating: "t", count: 10_001), field: "description") }?.field,
                       "description")
    }

    func testEmailsAreLowerCasedAndAtMost254() throws {
        XCTAssertEqual(try InputBounds.email(" Ann@School.Example "), "ann@school.example")
        let local = String(repeating: "a", count: 244)
        XCTAssertEqual(try InputBounds.email(local + "@x.example").count, 254)
        XCTAssertEqual(problem { try InputBounds.email(local + "@xy.example") }?.field, "email")
        XCTAssertEqual(problem { try InputBounds.email("  ") }?.message, "this field may not be blank.")
    }

    func testIDListsCollapseDuplicatesAndHoldAtMost1000() throws {
        XCTAssertEqual(try InputBounds.ids([3, 1, 3, 2, 1], field: "student_ids"), [3, 1, 2])
        XCTAssertEqual(try InputBounds.ids([], field: "student_ids"), [])
        XCTAssertEqual(try InputBounds.ids(Array(1...1000), field: "user_ids").count, 1000)
        XCTAssertEqual(problem { try InputBounds.ids(Array(1...1001), field: "user_ids") }?.field, "user_ids")
        // The bound counts what was sent, before duplicates collapse.
        XCTAssertNotNil(problem { try InputBounds.ids(Array(repeating: 7, count: 1001), field: "user_ids") })
    }

    func testInstantsFrom1970To9999() throws {
        XCTAssertNoThrow(try InputBounds.instant(Date(timeIntervalSince1970: 0), field: "start_time"))
        XCTAssertNotNil(problem { try InputBounds.instant(Date(timeIntervalSince1970: -1), field: "start_time") })
        XCTAssertNoThrow(try InputBounds.instant(Date(timeIntervalSince1970: 253_402_300_799), field: "start_time"))
        XCTAssertEqual(problem { try InputBounds.instant(Date(timeIntervalSince1970: 253_402_300_800), field: "end_time") }?.field,
                       "end_time")
    }

    func testDaysFrom1970To9999() throws {
        XCTAssertNoThrow(try InputBounds.day(CalendarDay(year: 1970, month: 1, day: 1)!, field: "from"))
        XCTAssertNoThrow(try InputBounds.day(CalendarDay(year: 9999, month: 12, day: 31)!, field: "to"))
        XCTAssertEqual(problem { try InputBounds.day(CalendarDay(year: 1969, month: 12, day: 31)!, field: "valid_from") }?.field,
                       "valid_from")
        XCTAssertNotNil(problem { try InputBounds.day(CalendarDay(year: 9999, month: 12, day: 31)!.adding(days: 1), field: "to") })
    }

    func testDurationsFrom1To1440() throws {
        XCTAssertEqual(try InputBounds.duration(1), 1)
        XCTAssertEqual(try InputBounds.duration(1440), 1440)
        XCTAssertEqual(problem { try InputBounds.duration(0) }, FieldProblem("duration", "must be 1 to 1440 minutes."))
        XCTAssertNotNil(problem { try InputBounds.duration(1441) })
    }

    func testLessonEndsNoLaterThan9999() throws {
        let start = Date(timeIntervalSince1970: 253_402_300_799 - 1800)
        XCTAssertEqual(problem { try LessonTiming.end(start: start, end: nil, durationMinutes: 60) }?.field, "duration")
        XCTAssertNoThrow(try LessonTiming.end(start: start, end: nil, durationMinutes: 30))
        XCTAssertEqual(problem { try LessonTiming.end(start: start, end: start.addingTimeInterval(3600), durationMinutes: nil) }?.field,
                       "end_time")
    }

    func testRecurrenceRuleValidityDaysAreBounded() throws {
        let rule = RecurrenceRule(dayOfWeek: 1, startTime: LocalTime(hour: 10, minute: 0)!, durationMinutes: 60,
                                  weekType: .all, validFrom: CalendarDay(year: 1969, month: 12, day: 29)!, validUntil: nil,
                                  timeZone: TimeZone(identifier: "UTC")!)
        XCTAssertEqual(rule.problem()?.field, "valid_from")
        var later = rule
        later.validFrom = CalendarDay(year: 2025, month: 1, day: 6)!
        XCTAssertNil(later.problem())
        later.validUntil = CalendarDay(year: 9999, month: 12, day: 31)!.adding(days: 1)
        XCTAssertEqual(later.problem()?.field, "valid_until")
    }
}

final class InputBoundsStorableTests: XCTestCase {
    func testWindowsAreCutToTheStoredYears() {
        let wide = DateInterval(start: Date(timeIntervalSince1970: -86_400), end: Date(timeIntervalSince1970: 253_402_387_200))
        let cut = InputBounds.storable(wide)
        XCTAssertEqual(cut.start, InputBounds.earliestInstant)
        XCTAssertEqual(cut.end, InputBounds.latestInstant.addingTimeInterval(0.5))
        let inside = DateInterval(start: Date(timeIntervalSince1970: 1_000), duration: 60)
        XCTAssertEqual(InputBounds.storable(inside), inside)
    }

    func testDaysAreMovedIntoTheStoredYears() {
        XCTAssertEqual(InputBounds.storable(InputBounds.latestDay.adding(days: 2)), InputBounds.latestDay)
        XCTAssertEqual(InputBounds.storable(InputBounds.earliestDay.adding(days: -2)), InputBounds.earliestDay)
        let day = CalendarDay(year: 2025, month: 1, day: 6)!
        XCTAssertEqual(InputBounds.storable(day), day)
    }
}
