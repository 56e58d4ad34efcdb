import Foundation
import LecternStore
import LecternTestSupport
import XCTest

private struct Abort: Error {}

final class ExecuteAndTransactionTests: XCTestCase {
    private var connection: Connection!

    override func setUpWithError() throws {
        connection = try TestDatabase.connect()
        try connection.execute("DROP TABLE IF EXISTS accounts")
        try connection.execute("""
            CREATE TABLE accounts (
                id BIGINT AUTO_INCREMENT PRIMARY KEY,
                email VARCHAR(190) NOT NULL,
                balance BIGINT NOT NULL DEFAULT 0,
                UNIQUE KEY accounts_email (email)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
            """)
    }

    override func tearDown() {
        connection?.close()
    }

    private func balance(_ email: String, on connection: Connection? = nil) throws -> Int64? {
        try (connection ?? self.connection).query("SELECT balance FROM accounts WHERE email = ?", [.text(email)]).first?.int("balance")
    }

    func testAffectedRowsAndLastInsertID() throws {
        let first = try connection.execute("INSERT INTO accounts (email) VALUES (?)", ["a@x"])
        let second = try connection.execute("INSERT INTO accounts (email) VALUES (?)", ["b@x"])
        XCTAssertEqual(first.affectedRows, 1)
        XCTAssertGreaterThan(first.lastInsertID, 0)
        XCTAssertEqual(second.lastInsertID, first.lastInsertID + 1)
        XCTAssertEqual(try connection.execute("UPDATE accounts SET balance = balance + ?", [10]).affectedRows, 2)
        let none = try connection.execute("UPDATE accounts SET balance = 1 WHERE email = ?", ["nobody"])
        XCTAssertEqual(none, ExecResult(affectedRows: 0, lastInsertID: 0))
        XCTAssertEqual(try connection.execute("DELETE FROM accounts WHERE email = ?", ["a@x"]).affectedRows, 1)
    }

    func testDuplicateKeyNamesTheKey() throws {
        try connection.execute("INSERT INTO accounts (email) VALUES (?)", ["dup@x"])
        XCTAssertThrowsError(try connection.execute("INSERT INTO accounts (email) VALUES (?)", ["dup@x"])) { error in
            guard case DatabaseError.duplicateKey(let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("accounts_email"), message)
        }
    }

    func testTransactionCommits() throws {
        let id = try connection.transaction { db -> Int64 in
            let id = try db.execute("INSERT INTO accounts (email, balance) VALUES (?, ?)", ["t@x", 5]).lastInsertID
            try db.execute("UPDATE accounts SET balance = balance * 2 WHERE id = ?", [.int(id)])
            return id
        }
        let other = try TestDatabase.connect()
        defer { other.close() }
        XCTAssertEqual(try balance("t@x", on: other), 10)
        XCTAssertEqual(try other.query("SELECT id FROM accounts").first?.int("id"), id)
    }

    func testTransactionRollsBackOnThrow() throws {
        try connection.execute("INSERT INTO accounts (email, balance) VALUES (?, ?)", ["r@x", 1])
        XCTAssertThrowsError(try connection.transaction { db in
            try db.execute("UPDATE accounts SET balance = 99 WHERE email = ?", ["r@x"])
            try db.execute("INSERT INTO accounts (email) VALUES (?)", ["new@x"])
            throw Abort()
        }) { XCTAssertTrue($0 is Abort) }
        XCTAssertEqual(try balance("r@x"), 1)
        XCTAssertNil(try balance("new@x"))
        // A database error inside the body rolls back too.
        XCTAssertThrowsError(try connection.transaction { db in
            try db.execute("UPDATE accounts SET balance = 50 WHERE email = ?", ["r@x"])
            try db.execute("INSERT INTO accounts (email) VALUES (?)", ["r@x"])
        })
        XCTAssertEqual(try balance("r@x"), 1)
    }

    func testNestedTransactionJoinsTheOuterOne() throws {
        XCTAssertThrowsError(try connection.transaction { db in
            try db.transaction { inner in
                try inner.execute("INSERT INTO accounts (email) VALUES (?)", ["inner@x"])
            }
            throw Abort()
        })
        XCTAssertNil(try balance("inner@x"))
        try connection.transaction { db in
            try db.transaction { inner in
                try inner.execute("INSERT INTO accounts (email) VALUES (?)", ["inner@x"])
            }
        }
        XCTAssertEqual(try balance("inner@x"), 0)
    }

    func testDeadlockedTransactionIsRetried() throws {
        try connection.execute("INSERT INTO accounts (email) VALUES (?), (?)", ["one@x", "two@x"])
        let first = try TestDatabase.connect()
        let second = try TestDatabase.connect()
        defer { first.close(); second.close() }
        // Each side locks its first row, waits until the other has too, then reaches for the
        // other's row: InnoDB must kill one of them with 1213.
        let firstLocked = DispatchSemaphore(value: 0)
        let secondLocked = DispatchSemaphore(value: 0)
        let runs = LockedBox(0)
        let errors = LockedBox<[Error]>([])
        let group = DispatchGroup()

        func transfer(on db: Connection, from: String, to: String, signal: DispatchSemaphore, wait: DispatchSemaphore) {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                do {
                    var attempt = 0
                    try db.transaction { tx in
                        attempt += 1
                        runs.withValue { $0 += 1 }
                        try tx.execute("UPDATE accounts SET balance = balance - 1 WHERE email = ?", [.text(from)])
                        if attempt == 1 {
                            signal.signal()
                            _ = wait.wait(timeout: .now() + 5)
                        }
                        try tx.execute("UPDATE accounts SET balance = balance + 1 WHERE email = ?", [.text(to)])
                    }
                } catch {
                    errors.withValue { $0.append(error) }
                }
            }
        }
        transfer(on: first, from: "one@x", to: "two@x", signal: firstLocked, wait: secondLocked)
        transfer(on: second, from: "two@x", to: "one@x", signal: secondLocked, wait: firstLocked)
        XCTAssertEqual(group.wait(timeout: .now() + 30), .success)
        XCTAssertEqual(errors.withValue { $0.map { "\($0)" } }, [])
        XCTAssertGreaterThan(runs.withValue { $0 }, 2, "one side must have run its body again")
        XCTAssertEqual(try balance("one@x"), 0)
        XCTAssertEqual(try balance("two@x"), 0)
    }

    func testLockWaitTimeoutIsRetried() throws {
        try connection.execute("INSERT INTO accounts (email) VALUES (?)", ["held@x"])
        let holder = try TestDatabase.connect()
        let waiter = try TestDatabase.connect(lockWaitTimeout: 1)
        defer { holder.close(); waiter.close() }
        let locked = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        // Hold the row lock a little longer than one lock wait, then let go.
        Thread.detachNewThread {
            try? holder.transaction { db in
                try db.execute("UPDATE accounts SET balance = balance + 1 WHERE email = ?", ["held@x"])
                locked.signal()
                Thread.sleep(forTimeInterval: 1.5)
            }
            done.signal()
        }
        XCTAssertEqual(locked.wait(timeout: .now() + 5), .success)
        var runs = 0
        try waiter.transaction { db in
            runs += 1
            try db.execute("UPDATE accounts SET balance = balance + 10 WHERE email = ?", ["held@x"])
        }
        XCTAssertEqual(done.wait(timeout: .now() + 5), .success)
        XCTAssertGreaterThan(runs, 1)
        XCTAssertEqual(try balance("held@x"), 11)
    }
}
