import Foundation
import LecternStore
import LecternTestSupport
import XCTest

/// A lost connection leaves unknown whether the server ran the statement it was sending, so
/// `Connection` runs again only what is safe to repeat, or a whole transaction the server
/// rolled back; a row is never inserted twice.
final class RepeatAfterLostConnectionTests: XCTestCase {
    private var url: DatabaseURL!

    override func setUpWithError() throws {
        url = try TestDatabase.url()
        let db = Connection(url: url, logger: TestDatabase.logger)
        defer { db.close() }
        try db.execute("DROP TABLE IF EXISTS repeat_probe")
        try db.execute("""
            CREATE TABLE repeat_probe (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, note VARCHAR(64) NOT NULL)
            ENGINE=InnoDB
            """)
    }

    private func count(_ note: String) throws -> Int64 {
        let db = Connection(url: url, logger: TestDatabase.logger)
        defer { db.close() }
        return try XCTUnwrap(try db.query("SELECT COUNT(*) AS n FROM repeat_probe WHERE note = ?", [.text(note)])
            .first?.int("n"))
    }

    private func connectionID(_ connection: Connection) throws -> Int64 {
        try XCTUnwrap(try connection.query("SELECT CONNECTION_ID() AS id").first?.int("id"))
    }

    /// Polls until no session runs a statement that mentions `marker`.
    private func waitUntilNoStatementMentions(_ marker: String) throws {
        let observer = Connection(url: url, logger: TestDatabase.logger)
        defer { observer.close() }
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let running = try observer.query("""
                SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE INFO LIKE ? AND ID <> CONNECTION_ID()
                """, [.text("%\(marker)%")]).first?.int("n") ?? 0
            if running == 0 { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTFail("a statement mentioning \(marker) still runs")
    }

    /// The client gives up waiting (its read timeout) while the server goes on and commits the
    /// insert; running it again on a new session would insert a second row.
    func testWriteWhoseAnswerWasLostIsNotRunAgain() throws {
        let db = Connection(url: url, logger: TestDatabase.logger, ioTimeout: 1)
        defer { db.close() }
        try db.ping()
        XCTAssertThrowsError(try db.execute(
            "INSERT INTO repeat_probe (note) SELECT 'answer-lost' FROM DUAL WHERE SLEEP(2) = 0")) { error in
            guard case DatabaseError.unavailable = error else { return XCTFail("\(error)") }
        }
        try waitUntilNoStatementMentions("answer-lost")
        XCTAssertEqual(try count("answer-lost"), 1)
    }

    /// A read is safe to repeat: a session killed while idle is replaced and the read answers.
    func testReadOnAKilledSessionIsRetried() throws {
        let db = Connection(url: url, logger: TestDatabase.logger, pingAfterIdle: 3600)
        let killer = Connection(url: url, logger: TestDatabase.logger)
        defer { db.close(); killer.close() }
        let before = try connectionID(db)
        try killer.execute("KILL CONNECTION ?", [.int(before)])
        XCTAssertNotEqual(try connectionID(db), before)
    }

    /// A write on a session the server killed while it was idle: the ping finds the session
    /// gone, so the write goes, once, on a new one.
    func testWriteAfterTheIdleSessionWasKilledRunsOnce() throws {
        let db = Connection(url: url, logger: TestDatabase.logger, pingAfterIdle: 0)
        let killer = Connection(url: url, logger: TestDatabase.logger)
        defer { db.close(); killer.close() }
        try killer.execute("KILL CONNECTION ?", [.int(try connectionID(db))])
        try db.execute("INSERT INTO repeat_probe (note) VALUES ('after-idle-kill')")
        XCTAssertEqual(try count("after-idle-kill"), 1)
    }

    /// Without the ping, a write on a killed session is not sent again: it fails, and the
    /// next call opens a new session.
    func testWriteOnAKilledSessionWithoutPingFailsRatherThanRepeat() throws {
        let db = Connection(url: url, logger: TestDatabase.logger, pingAfterIdle: 3600)
        let killer = Connection(url: url, logger: TestDatabase.logger)
        defer { db.close(); killer.close() }
        try killer.execute("KILL CONNECTION ?", [.int(try connectionID(db))])
        XCTAssertThrowsError(try db.execute("INSERT INTO repeat_probe (note) VALUES ('no-ping')"))
        try db.execute("INSERT INTO repeat_probe (note) VALUES ('no-ping')")
        XCTAssertEqual(try count("no-ping"), 1)
    }

    /// A write its caller declares idempotent is retried like a read.
    func testIdempotentWriteIsRetried() throws {
        let db = Connection(url: url, logger: TestDatabase.logger, pingAfterIdle: 3600)
        let killer = Connection(url: url, logger: TestDatabase.logger)
        defer { db.close(); killer.close() }
        try db.execute("INSERT INTO repeat_probe (id, note) VALUES (4242, 'idempotent')")
        try killer.execute("KILL CONNECTION ?", [.int(try connectionID(db))])
        let result = try db.execute("UPDATE repeat_probe SET note = 'idempotent-done' WHERE id = 4242", idempotent: true)
        XCTAssertEqual(result.affectedRows, 1)
    }

    /// A second session kills the connection after the transaction inserted its row but
    /// before it committed: the server rolled the row back, the whole transaction runs again,
    /// and the row exists once.
    func testTransactionCutByKilledConnectionRunsAgainWhole() throws {
        let db = Connection(url: url, logger: TestDatabase.logger)
        let killer = Connection(url: url, logger: TestDatabase.logger)
        defer { db.close(); killer.close() }
        var runs = 0
        let id = try db.transaction { tx -> Int64 in
            runs += 1
            let inserted = try tx.execute("INSERT INTO repeat_probe (note) VALUES ('lesson')").lastInsertID
            if runs == 1 { try killer.execute("KILL CONNECTION ?", [.int(try connectionID(tx))]) }
            _ = try tx.query("SELECT id FROM repeat_probe WHERE id = ? FOR UPDATE", [.int(inserted)])
            return inserted
        }
        XCTAssertEqual(runs, 2)
        XCTAssertEqual(try count("lesson"), 1)
        XCTAssertGreaterThan(id, 0)
    }

    /// A named lock belongs to the session: after losing it, nothing runs on a new session as
    /// if the lock were still held.
    func testNothingIsRetriedWhileANamedLockIsHeld() throws {
        let db = Connection(url: url, logger: TestDatabase.logger)
        let killer = Connection(url: url, logger: TestDatabase.logger)
        defer { db.close(); killer.close() }
        var runs = 0
        XCTAssertThrowsError(try db.withNamedLock("repeat-probe-lock", waitSeconds: 1, timeout: { CancellationError() }) {
            try db.transaction { tx in
                runs += 1
                try tx.execute("INSERT INTO repeat_probe (note) VALUES ('under-lock')")
                try killer.execute("KILL CONNECTION ?", [.int(try connectionID(tx))])
                _ = try tx.query("SELECT 1")
            }
        }) { error in
            guard case DatabaseError.unavailable = error else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(runs, 1)
        XCTAssertEqual(try count("under-lock"), 0)
        XCTAssertThrowsError(try db.withNamedLock("repeat-probe-lock", waitSeconds: 1, timeout: { CancellationError() }) {
            try killer.execute("KILL CONNECTION ?", [.int(try connectionID(db))])
            _ = try db.query("SELECT 1")
        })
    }
}
