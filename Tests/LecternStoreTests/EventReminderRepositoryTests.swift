import Foundation
import LecternCore
@testable import LecternStore
import LecternTestSupport
import XCTest

/// Event reminders in the outbox against a real MariaDB: queued once per recipient, moved and
/// dropped only while unsent, per time zone, and never across events whose ids share digits.
final class EventReminderRepositoryTests: XCTestCase {
    private var db: Connection!
    private var outbox: NotificationRepository!
    private var host: Int64 = 0
    private var berliner: Int64 = 0
    private var londoner: Int64 = 0
    /// Events 1 and 12: the first's key prefix must not reach the second's keys.
    private var first: Int64 = 0
    private var twelfth: Int64 = 0
    private let due = Date(timeIntervalSince1970: 1_900_000_000)

    override func setUpWithError() throws {
        let url = try TestDatabase.migrated("events")
        db = Connection(url: url, logger: TestDatabase.logger)
        outbox = NotificationRepository(db)
        let users = UserRepository(db)
        host = try users.insert(email: "host@test.example", name: "H", role: .teacher, passwordHash: nil, timezone: "UTC",
                                subscriptionExpiresAt: nil)
        berliner = try users.insert(email: "b@test.example", name: "B", role: .student, passwordHash: nil,
                                    timezone: "Europe/Berlin", subscriptionExpiresAt: nil)
        londoner = try users.insert(email: "l@test.example", name: "L", role: .student, passwordHash: nil,
                                    timezone: "Europe/London", subscriptionExpiresAt: nil)
        let provider = try EventProviderRepository(db).insert(.init(
            name: "P", eventType: .meeting, hostUserID: host, zoomUserID: "host@test.example", accountID: "a",
            clientID: "c"), secrets: { _ in .init(clientSecret: "v1:sealed", webhookSecret: nil) })
        let events = EventRepository(db)
        var ids: [Int64] = []
        for index in 1...12 {
            ids.append(try events.insert(.init(title: "E\(index)", providerID: provider, start: due, durationMinutes: 60,
                                               hostID: host, description: nil, reminders: [.oneDay])))
        }
        (first, twelfth) = (ids[0], ids[11])
        XCTAssertEqual(String(twelfth).hasPrefix(String(first)), true)
        for event in [first, twelfth] {
            try events.addParticipants(eventID: event, userIDs: [berliner, londoner])
        }
    }

    override func tearDown() {
        db?.close()
    }

    private func queue(_ event: Int64, _ offset: ReminderOffset, at due: Date, text: String = "t") throws -> Int {
        var added = 0
        for zone in try outbox.eventRecipientZones(eventID: event, hostID: host) {
            added += try outbox.queueEventReminders(eventID: event, hostID: host, offset: offset, due: due, zone: zone,
                                                    subject: "\(text) \(zone)", body: text)
        }
        return added
    }

    /// (recipient, offset) → (due, subject, sent) of one event's reminders.
    private func rows(_ event: Int64) throws -> [String: (Date?, String?, Bool)] {
        var found: [String: (Date?, String?, Bool)] = [:]
        for row in try db.query("""
            SELECT recipient_user_id, dedupe_key, due_at, subject, sent_at FROM notifications
            WHERE kind = 'event_reminder' AND dedupe_key LIKE ?
            """, [.text(EventReminder.keyPrefix(eventID: event) + "%")]) {
            let key = try XCTUnwrap(row.string("dedupe_key"))
            found[String(key.dropFirst(EventReminder.keyPrefix(eventID: event).count))] =
                (row.date("due_at"), row.string("subject"), !row.isNull("sent_at"))
        }
        return found
    }

    func testQueueingIsOncePerRecipientWithTheirZonesText() throws {
        XCTAssertEqual(try outbox.eventRecipientZones(eventID: first, hostID: host), ["Europe/Berlin", "Europe/London", "UTC"])
        XCTAssertEqual(try queue(first, .oneDay, at: due), 3)
        XCTAssertEqual(try queue(first, .oneDay, at: due), 0)
        let queued = try rows(first)
        XCTAssertEqual(Set(queued.keys), ["\(host):1d", "\(berliner):1d", "\(londoner):1d"])
        XCTAssertEqual(queued["\(berliner):1d"]?.1, "t Europe/Berlin")
        XCTAssertEqual(queued["\(host):1d"]?.0, due)
        XCTAssertEqual(try rows(twelfth).count, 0)
    }

    func testMovesAndDropsTouchOnlyUnsentRemindersOfThatEvent() throws {
        _ = try queue(first, .oneDay, at: due)
        _ = try queue(first, .oneHour, at: due)
        _ = try queue(twelfth, .oneDay, at: due)
        try db.execute("UPDATE notifications SET sent_at = UTC_TIMESTAMP(6) WHERE dedupe_key = ?",
                       [.text(EventReminder.dedupeKey(eventID: first, userID: berliner, offset: .oneDay))])
        let later = due.addingTimeInterval(3600)
        XCTAssertEqual(try queue(first, .oneDay, at: later, text: "moved"), 0)
        var queued = try rows(first)
        XCTAssertEqual(queued["\(host):1d"]?.0, later)
        XCTAssertEqual(queued["\(host):1d"]?.1, "moved UTC")
        XCTAssertEqual(queued["\(berliner):1d"]?.0, due)
        XCTAssertEqual(queued["\(berliner):1d"]?.1, "t Europe/Berlin")

        try outbox.refreshEventReminders(eventID: first, offset: .oneHour, zone: "Europe/London", subject: "new", body: "b")
        XCTAssertEqual(try rows(first)["\(londoner):1h"]?.1, "new")
        XCTAssertEqual(try rows(first)["\(host):1h"]?.1, "t UTC")

        try outbox.dropEventReminders(eventID: first, offset: .oneDay)
        queued = try rows(first)
        XCTAssertEqual(Set(queued.keys), ["\(berliner):1d", "\(host):1h", "\(berliner):1h", "\(londoner):1h"])
        try outbox.dropEventReminders(eventID: first, userID: londoner)
        XCTAssertEqual(Set(try rows(first).keys), ["\(berliner):1d", "\(host):1h", "\(berliner):1h"])
        try outbox.dropEventReminders(eventID: first)
        XCTAssertEqual(Set(try rows(first).keys), ["\(berliner):1d"])
        XCTAssertEqual(try rows(twelfth).count, 3)
    }
}
