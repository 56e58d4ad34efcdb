@testable import LecternStore
import XCTest

final class StatementKindTests: XCTestCase {
    func testOnlyReadsAndSessionStatementsAreSafeToRepeat() {
        for sql in ["SELECT 1", "  select id FROM lessons FOR UPDATE", "(SELECT 1) UNION (SELECT 2)", "SHOW TABLES",
                    "SET time_zone = '+00:00'", "START TRANSACTION", "\n SELECT GET_LOCK(?, ?)"] {
            XCTAssertTrue(StatementKind(sql).isSafeToRepeat, sql)
        }
        for sql in ["INSERT INTO lessons (title) VALUES (?)", "UPDATE jobs SET attempts = attempts + 1",
                    "DELETE FROM lessons", "REPLACE INTO t VALUES (1)", "COMMIT", "CREATE TABLE t (id INT)",
                    "INSERT IGNORE INTO jobs (kind) VALUES (?)", "CALL p()", ""] {
            XCTAssertFalse(StatementKind(sql).isSafeToRepeat, sql)
        }
    }
}
