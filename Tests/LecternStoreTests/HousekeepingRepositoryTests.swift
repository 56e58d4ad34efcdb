import Foundation
@testable import LecternStore
import LecternTestSupport
import XCTest

/// Pruning against a real MariaDB: only rows past their period go, whatever the batch size.
final class HousekeepingRepositoryTests: XCTestCase {
    private var db: Connection!

    override func setUpWithError() throws {
        let url = try TestDatabase.migrated("housekeeping")
        db = Connection(url: url, logger: TestDatabase.logger)
    }

    override func tearDown() {
        db?.close()
    }

    func testOnlyRowsPastTheirPeriodAreDeleted() throws {
        let now = Date()
        func ago(_ days: Double) -> SQLValue { .date(now.addingTimeInterval(-days * 86_400)) }
        for (days, tracking) in [(31.0, "old-1"), (45, "old-2"), (29, "recent")] {
            try db.execute("INSERT INTO webhook_events (event, tracking_id, body, outcome, received_at) VALUES ('e', ?, '{}', 'applied', ?)",
                           [.text(tracking), ago(days)])
        }
        for (status, days, key) in [("done", 31.0, "done-old"), ("cancelled", 40, "cancelled-old"), ("done", 10, "done-recent"),
                                    ("failed", 40, "failed-kept"), ("failed", 91, "failed-old"), ("pending", 400, "pending")] {
            try db.execute("INSERT INTO jobs (kind, status, dedupe_key, finished_at) VALUES ('k', ?, ?, ?)",
                           [.text(status), .text(key), status == "pending" ? .null : ago(days)])
        }
        for (sent, key) in [(ago(100), "sent-old"), (ago(5), "sent-recent"), (SQLValue.null, "unsent")] {
            try db.execute("""
                INSERT INTO notifications (kind, recipient_email, subject, body, due_at, sent_at, dedupe_key)
                VALUES ('k', 'a@b.c', 's', 'b', ?, ?, ?)
                """, [ago(200), sent, .text(key)])
        }
        let removed = try HousekeepingRepository(db).prune(now: now, batch: 1)
        XCTAssertEqual(removed, .init(webhookEvents: 2, jobs: 3, notifications: 1))
        XCTAssertEqual(try db.query("SELECT tracking_id FROM webhook_events").compactMap { $0.string(0) }, ["recent"])
        XCTAssertEqual(Set(try db.query("SELECT dedupe_key FROM jobs").compactMap { $0.string(0) }),
                       ["done-recent", "failed-kept", "pending"])
        XCTAssertEqual(Set(try db.query("SELECT dedupe_key FROM notifications").compactMap { $0.string(0) }),
                       ["sent-recent", "unsent"])
    }
}
