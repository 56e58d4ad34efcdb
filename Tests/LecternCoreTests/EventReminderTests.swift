import Foundation
import LecternCore
import XCTest

final class EventReminderTests: XCTestCase {
    func testDedupeKeysShareTheEventAndRecipientPrefixes() {
        let key = EventReminder.dedupeKey(eventID: 12, userID: 345, offset: .twoDays)
        XCTAssertEqual(key, "event-reminder:12:345:2d")
        XCTAssertTrue(key.hasPrefix(EventReminder.keyPrefix(eventID: 12)))
        XCTAssertTrue(key.hasPrefix(EventReminder.keyPrefix(eventID: 12, userID: 345)))
        XCTAssertTrue(key.hasSuffix(EventReminder.keySuffix(.twoDays)))
        // Event 1's prefix is not a prefix of event 12's keys.
        XCTAssertFalse(key.hasPrefix(EventReminder.keyPrefix(eventID: 1)))
        XCTAssertEqual(EventReminder.kind, "event_reminder")
    }

    func testTextShowsTheStartInTheRecipientsZone() throws {
        let start = try XCTUnwrap(ISO8601DateFormatter().date(from: "2030-01-15T10:00:00Z"))
        let berlin = try XCTUnwrap(TimeZone(identifier: "Europe/Berlin"))
        let text = EventReminderText(title: "Fire safety", start: start, durationMinutes: 90,
                                     joinURL: "https://zoom.us/j/1", offset: .oneDay, zone: berlin)
        XCTAssertEqual(text.subject, "Reminder: Fire safety starts in 1 day")
        XCTAssertEqual(text.body, "Fire safety starts on 2030-01-15 11:00 (Europe/Berlin) and lasts 90 minutes.\n"
                       + "Join: https://zoom.us/j/1")
        let utc = EventReminderText(title: "Fire safety", start: start, durationMinutes: 90, joinURL: nil,
                                    offset: .oneHour, zone: try XCTUnwrap(TimeZone(identifier: "UTC")))
        XCTAssertEqual(utc.body, "Fire safety starts on 2030-01-15 10:00 (UTC) and lasts 90 minutes.")
        XCTAssertEqual(utc.subject, "Reminder: Fire safety starts in 1 hour")
    }

    func testLongTitlesAreCutInTheSubject() {
        let text = EventReminderText(title: String(repeating: "x", count: 300), start: Date(), durationMinutes: 60,
                                     joinURL: nil, offset: .fourDays, zone: TimeZone(identifier: "UTC")!)
        XCTAssertEqual(text.subject.count, "Reminder: ".count + 200 + " starts in 4 days".count)
    }
}
