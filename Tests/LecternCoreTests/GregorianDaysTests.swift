import Foundation
import XCTest
@testable import LecternCore

/// The integer date arithmetic and the cached zone offsets give what Foundation's Calendar
/// gives, on random days and on every quarter hour around real transitions.
final class GregorianDaysTests: XCTestCase {
    private let utc: Calendar = CalendarDay.calendar(TimeZone(identifier: "UTC")!)
    private var generator = SystemRandomNumberGenerator()

    func testDayNumbersMatchCalendarOnRandomDays() {
        for _ in 0..<2_000 {
            // 1700 to 9999: before 1582 Foundation's Gregorian calendar turns Julian (the API's days are 1970…9999).
            let dayNumber = Int.random(in: -98_000...2_932_896, using: &generator)
            let date = Date(timeIntervalSince1970: TimeInterval(dayNumber) * 86_400)
            let parts = utc.dateComponents([.year, .month, .day], from: date)
            let civil = GregorianDays.date(dayNumber: dayNumber)
            XCTAssertEqual([civil.year, civil.month, civil.day], [parts.year!, parts.month!, parts.day!], "\(dayNumber)")
            XCTAssertEqual(GregorianDays.dayNumber(year: civil.year, month: civil.month, day: civil.day), dayNumber)
            XCTAssertEqual(CalendarDay(dayNumber: dayNumber).description,
                           date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!).year().month().day()))
        }
    }

    func testValidityAndMonthLengths() {
        XCTAssertTrue(GregorianDays.isValid(year: 2000, month: 2, day: 29))
        XCTAssertFalse(GregorianDays.isValid(year: 1900, month: 2, day: 29))
        XCTAssertFalse(GregorianDays.isValid(year: 2025, month: 4, day: 31))
        XCTAssertFalse(GregorianDays.isValid(year: 2025, month: 13, day: 1))
        XCTAssertFalse(GregorianDays.isValid(year: 2025, month: 1, day: 0))
        XCTAssertEqual(GregorianDays.split(secondsSince1970: -1).dayNumber, -1)
        XCTAssertEqual(GregorianDays.split(secondsSince1970: -1).secondOfDay, 86_399)
    }

    private let zones = ["Europe/Berlin", "America/New_York", "America/Santiago", "Australia/Lord_Howe", "Asia/Kathmandu",
                         "Pacific/Apia", "America/Sao_Paulo", "Europe/London", "Asia/Tehran", "UTC", "Pacific/Chatham"]

    func testLocalTimesBecomeTheInstantsCalendarGives() throws {
        for name in zones {
            let zone = try XCTUnwrap(TimeZone(identifier: name))
            let calendar = CalendarDay.calendar(zone)
            // Days around this zone's transitions, and random days.
            var days: [CalendarDay] = (0..<40).map { _ in CalendarDay(dayNumber: Int.random(in: 0...30_000, using: &generator)) }
            var instant = Date(timeIntervalSince1970: 946_684_800)  // 2000-01-01
            for _ in 0..<12 {
                guard let next = zone.nextDaylightSavingTimeTransition(after: instant) else { break }
                let day = CalendarDay(containing: next, in: zone)
                days += [day.adding(days: -1), day, day.adding(days: 1)]
                instant = next
            }
            for day in days {
                XCTAssertEqual(day.start(in: zone), calendar.startOfDay(
                    for: calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 12))!),
                               "\(name) \(day)")
                for quarter in stride(from: 0, to: 24 * 60, by: 15) {
                    let time = LocalTime(hour: quarter / 60, minute: quarter % 60)!
                    let expected = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day,
                                                                      hour: time.hour, minute: time.minute))!
                    XCTAssertEqual(day.instant(at: time, in: zone), expected, "\(name) \(day) \(time)")
                }
            }
        }
    }

    func testInstantsFallOnTheLocalDayCalendarGives() throws {
        for name in zones {
            let zone = try XCTUnwrap(TimeZone(identifier: name))
            let calendar = CalendarDay.calendar(zone)
            for _ in 0..<500 {
                let instant = Date(timeIntervalSince1970: TimeInterval(Int.random(in: -100_000_000...2_500_000_000, using: &generator)))
                let parts = calendar.dateComponents([.year, .month, .day], from: instant)
                XCTAssertEqual(CalendarDay(containing: instant, in: zone), CalendarDay(year: parts.year!, month: parts.month!, day: parts.day!),
                               "\(name) \(instant)")
            }
        }
    }

    func testLocalTimeDescription() {
        XCTAssertEqual(LocalTime(hour: 7, minute: 5)?.description, "07:05")
        XCTAssertEqual(LocalTime(hour: 23, minute: 59)?.description, "23:59")
        XCTAssertEqual(LocalTime(parsing: "09:30"), LocalTime(hour: 9, minute: 30))
    }
}
