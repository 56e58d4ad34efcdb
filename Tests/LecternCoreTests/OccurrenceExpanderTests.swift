import Foundation
import XCTest
@testable import LecternCore

final class OccurrenceExpanderTests: XCTestCase {
    private let berlin = TimeZone(identifier: "Europe/Berlin")!
    private let newYork = TimeZone(identifier: "America/New_York")!
    private let utc = TimeZone(identifier: "UTC")!
    /// 2025-09-01 starts an upper week.
    private let expander = OccurrenceExpander(parity: WeekParity(anchor: CalendarDay(parsing: "2025-09-01")!)!)

    private func day(_ text: String) -> CalendarDay { CalendarDay(parsing: text)! }
    private func instant(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }
    private func iso(_ date: Date) -> String { date.formatted(.iso8601) }

    private func rule(_ weekday: Int, _ time: String, minutes: Int = 90, weeks: WeekType = .all,
                      from: String = "2024-01-01", until: String? = nil, zone: TimeZone? = nil) -> RecurrenceRule {
        RecurrenceRule(dayOfWeek: weekday, startTime: LocalTime(parsing: time)!, durationMinutes: minutes,
                       weekType: weeks, validFrom: day(from), validUntil: until.map(day), timeZone: zone ?? berlin)
    }

    private func window(_ from: String, _ to: String, _ zone: TimeZone) -> DateInterval {
        try! DayRange(from: day(from), to: day(to)).interval(in: zone)
    }

    private func starts(_ rule: RecurrenceRule, _ from: String, _ to: String, caller: TimeZone? = nil) -> [String] {
        expander.occurrences(of: rule, id: 1, in: window(from, to, caller ?? rule.timeZone)).map { iso($0.start) }
    }

    func testWeeklyLessonKeepsLocalTimeAcrossSpringForwardInBerlin() {
        // Sundays 10:00 Berlin around 30 March 2025 (CET → CEST).
        XCTAssertEqual(starts(rule(7, "10:00"), "2025-03-23", "2025-04-06"),
                       ["2025-03-23T09:00:00Z", "2025-03-30T08:00:00Z", "2025-04-06T08:00:00Z"])
    }

    func testWeeklyLessonKeepsLocalTimeAcrossFallBackInBerlin() {
        // Mondays 10:00 Berlin around 26 October 2025 (CEST → CET).
        let found = expander.occurrences(of: rule(1, "10:00", minutes: 90), id: 7, in: window("2025-10-20", "2025-11-02", berlin))
        XCTAssertEqual(found.map { iso($0.start) }, ["2025-10-20T08:00:00Z", "2025-10-27T09:00:00Z"])
        XCTAssertEqual(found.map { iso($0.end) }, ["2025-10-20T09:30:00Z", "2025-10-27T10:30:00Z"])
        XCTAssertEqual(found.map { $0.key }, [OccurrenceKey(recurringLessonID: 7, date: day("2025-10-20")),
                                               OccurrenceKey(recurringLessonID: 7, date: day("2025-10-27"))])
    }

    func testNewYorkChangesOnOtherDatesThanBerlin() {
        // Sunday 9 March 2025 (EST → EDT) and Sunday 2 November 2025 (EDT → EST), 10:00 local.
        XCTAssertEqual(starts(rule(7, "10:00", zone: newYork), "2025-03-02", "2025-03-09"),
                       ["2025-03-02T15:00:00Z", "2025-03-09T14:00:00Z"])
        XCTAssertEqual(starts(rule(7, "10:00", zone: newYork), "2025-10-26", "2025-11-02"),
                       ["2025-10-26T14:00:00Z", "2025-11-02T15:00:00Z"])
    }

    func testALessonAcrossTheChangeLastsItsDurationInRealTime() {
        // 01:30 New York on 2 November 2025 for 60 minutes: the repeated hour is the first one.
        let found = expander.occurrences(of: rule(7, "01:30", minutes: 60, zone: newYork), id: 1,
                                         in: window("2025-11-02", "2025-11-02", newYork))
        XCTAssertEqual(found.map { iso($0.start) }, ["2025-11-02T05:30:00Z"])
        XCTAssertEqual(found.map { iso($0.end) }, ["2025-11-02T06:30:00Z"])
    }

    func testSkippedLocalTimeMovesForward() {
        // 02:30 does not exist on 9 March 2025 in New York; the lesson starts at 03:30 EDT.
        XCTAssertEqual(starts(rule(7, "02:30", zone: newYork), "2025-03-09", "2025-03-09"), ["2025-03-09T07:30:00Z"])
    }

    func testUpperAndLowerWeeks() {
        let upper = starts(rule(3, "09:00", weeks: .upper), "2025-08-25", "2025-09-28")
        let lower = starts(rule(3, "09:00", weeks: .lower), "2025-08-25", "2025-09-28")
        let all = starts(rule(3, "09:00"), "2025-08-25", "2025-09-28")
        XCTAssertEqual(upper, ["2025-09-03T07:00:00Z", "2025-09-17T07:00:00Z"])
        XCTAssertEqual(lower, ["2025-08-27T07:00:00Z", "2025-09-10T07:00:00Z", "2025-09-24T07:00:00Z"])
        XCTAssertEqual(all.count, 5)
        XCTAssertEqual(Set(all), Set(upper + lower))
    }

    func testSundayLessonsBelongToTheWeekThatStartedOnMonday() {
        // Sunday 7 September 2025 ends the upper week that began on 1 September.
        XCTAssertEqual(starts(rule(7, "18:00", weeks: .upper), "2025-09-01", "2025-09-14"), ["2025-09-07T16:00:00Z"])
        XCTAssertEqual(starts(rule(7, "18:00", weeks: .lower), "2025-09-01", "2025-09-14"), ["2025-09-14T16:00:00Z"])
    }

    func testParityIsDecidedOnTheLessonsLocalDay() {
        // Monday 00:30 Berlin is still Sunday in UTC: the lesson's own (Monday, upper) week counts.
        XCTAssertEqual(starts(rule(1, "00:30", weeks: .upper), "2025-08-31", "2025-09-01", caller: utc),
                       ["2025-08-31T22:30:00Z"])
        XCTAssertEqual(starts(rule(1, "00:30", weeks: .lower), "2025-08-31", "2025-09-01", caller: utc), [])
    }

    func testValidityWindowIsInclusiveOnBothEnds() {
        let bounded = rule(2, "12:00", from: "2025-01-07", until: "2025-01-21")
        XCTAssertEqual(starts(bounded, "2024-12-30", "2025-02-02"),
                       ["2025-01-07T11:00:00Z", "2025-01-14T11:00:00Z", "2025-01-21T11:00:00Z"])
        let afterStart = rule(2, "12:00", from: "2025-01-08", until: "2025-01-20")
        XCTAssertEqual(starts(afterStart, "2024-12-30", "2025-02-02"), ["2025-01-14T11:00:00Z"])
        XCTAssertEqual(starts(rule(2, "12:00", from: "2025-03-01"), "2025-01-01", "2025-02-28"), [])
        XCTAssertEqual(starts(rule(2, "12:00", until: "2024-12-31"), "2025-01-01", "2025-02-28"), [])
    }

    func testCallerDaysAreReadInTheCallersZone() {
        // A Berlin lesson at 00:30 on Tuesday 14 January is Monday 18:30 in New York.
        let lesson = rule(2, "00:30")
        XCTAssertEqual(starts(lesson, "2025-01-13", "2025-01-13", caller: newYork), ["2025-01-13T23:30:00Z"])
        XCTAssertEqual(starts(lesson, "2025-01-14", "2025-01-14", caller: newYork), [])
        XCTAssertEqual(starts(lesson, "2025-01-14", "2025-01-14", caller: berlin), ["2025-01-13T23:30:00Z"])
        // A lesson at 23:30 Berlin belongs to the next day for a caller in Tokyo.
        let late = rule(1, "23:30")
        let tokyo = TimeZone(identifier: "Asia/Tokyo")!
        XCTAssertEqual(starts(late, "2025-01-13", "2025-01-13", caller: tokyo), [])
        XCTAssertEqual(starts(late, "2025-01-14", "2025-01-14", caller: tokyo), ["2025-01-13T22:30:00Z"])
    }

    func testWindowEndIsExclusive() {
        // 00:00 on the day after the window belongs to the next query.
        XCTAssertEqual(starts(rule(2, "00:00"), "2025-01-13", "2025-01-13"), [])
        XCTAssertEqual(starts(rule(2, "00:00"), "2025-01-14", "2025-01-14"), ["2025-01-13T23:00:00Z"])
    }

    func testAYearLongWindowAcrossNewYear() {
        let found = starts(rule(5, "08:00"), "2025-06-01", "2026-05-31")
        XCTAssertEqual(found.count, 52)
        XCTAssertTrue(found.contains("2026-01-02T07:00:00Z"))
        XCTAssertTrue(found.contains("2025-12-26T07:00:00Z"))
    }

    func testMergingSortsAndLeavesOutMaterialisedOccurrences() {
        let rules = [(id: Int64(1), rule: rule(3, "10:00")), (id: Int64(2), rule: rule(1, "12:00")),
                     (id: Int64(3), rule: rule(3, "10:00"))]
        let skipped: Set = [OccurrenceKey(recurringLessonID: 2, date: day("2025-01-13"))]
        let found = expander.occurrences(of: rules, in: window("2025-01-13", "2025-01-19", berlin), excluding: skipped)
        XCTAssertEqual(found.map { $0.key.recurringLessonID }, [1, 3])
        XCTAssertEqual(found.map { $0.key.date }, [day("2025-01-15"), day("2025-01-15")])
    }

    func testRuleValidation() {
        XCTAssertNil(rule(1, "10:00").problem())
        XCTAssertEqual(rule(0, "10:00").problem()?.field, "day_of_week")
        XCTAssertEqual(rule(8, "10:00").problem()?.field, "day_of_week")
        XCTAssertEqual(rule(1, "10:00", minutes: 0).problem()?.field, "duration")
        XCTAssertEqual(rule(1, "10:00", minutes: 1441).problem()?.field, "duration")
        XCTAssertEqual(rule(1, "10:00", from: "2025-02-01", until: "2025-01-31").problem()?.field, "valid_until")
        XCTAssertNil(rule(1, "10:00", from: "2025-02-01", until: "2025-02-01").problem())
    }
}
