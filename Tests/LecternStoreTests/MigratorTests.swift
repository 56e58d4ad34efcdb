import Foundation
import LecternStore
import LecternTestSupport
import XCTest

final class MigratorTests: XCTestCase {
    private let migrations = [
        Migration(version: 2, name: "second", statements: [
            "CREATE TABLE mig_b (id INT PRIMARY KEY, a_id INT NOT NULL, FOREIGN KEY (a_id) REFERENCES mig_a (id)) ENGINE=InnoDB",
        ]),
        Migration(version: 1, name: "first", statements: [
            "CREATE TABLE mig_a (id INT PRIMARY KEY) ENGINE=InnoDB",
            "INSERT INTO mig_a (id) VALUES (1), (2)",
        ]),
        Migration(version: 3, name: "third", statements: ["ALTER TABLE mig_a ADD COLUMN label VARCHAR(20) NULL"]),
    ]

    override func setUpWithError() throws {
        let connection = try TestDatabase.connect()
        defer { connection.close() }
        for table in ["mig_b", "mig_a", "schema_migrations", "schema_migration_claim"] {
            try connection.execute("DROP TABLE IF EXISTS \(table)")
        }
    }

    func testAppliesInOrderOnceAndRecords() throws {
        let connection = try TestDatabase.connect()
        defer { connection.close() }
        let migrator = Migrator(connection: connection, logger: TestDatabase.logger)
        XCTAssertEqual(try migrator.migrate(Array(migrations.prefix(2))), [1, 2])
        XCTAssertEqual(try migrator.migrate(migrations), [3])
        XCTAssertEqual(try migrator.migrate(migrations), [])
        let rows = try connection.query("SELECT version, name, applied_at FROM schema_migrations ORDER BY version")
        XCTAssertEqual(rows.compactMap { $0.intValue("version") }, [1, 2, 3])
        XCTAssertEqual(rows.compactMap { $0.string("name") }, ["first", "second", "third"])
        XCTAssertNotNil(rows.first?.date("applied_at"))
        XCTAssertEqual(try connection.query("SELECT COUNT(*) AS n FROM mig_a").first?.int("n"), 2)
    }

    func testFailedMigrationIsNotRecorded() throws {
        let connection = try TestDatabase.connect()
        defer { connection.close() }
        let migrator = Migrator(connection: connection, logger: TestDatabase.logger)
        let broken = Migration(version: 1, name: "broken", statements: ["CREATE TABLE mig_a (id INT PRIMARY KEY) ENGINE=InnoDB", "SELEKT"])
        XCTAssertThrowsError(try migrator.migrate([broken]))
        XCTAssertEqual(try connection.query("SELECT version FROM schema_migrations").count, 0)
        // The claim was released: no row is left to wait for.
        XCTAssertEqual(try connection.query("SELECT COUNT(*) AS n FROM schema_migration_claim").first?.int("n"), 0)
    }

    func testAClaimOfARunThatDiedExpiresAndALiveOneIsWaitedFor() throws {
        let connection = try TestDatabase.connect()
        defer { connection.close() }
        let migrator = Migrator(connection: connection, logger: TestDatabase.logger)
        XCTAssertEqual(try migrator.migrate([]), [])
        // A run that died an hour ago: its claim has expired, so it holds nobody up.
        try connection.execute("""
            INSERT INTO schema_migration_claim (id, holder, held_until) VALUES (1, 'dead', UTC_TIMESTAMP(6) - INTERVAL 1 HOUR)
            """)
        XCTAssertEqual(try migrator.migrate(Array(migrations.prefix(2))), [1, 2])
        // A run still going (on any node, from any session): the next run waits for it.
        try connection.execute("""
            INSERT INTO schema_migration_claim (id, holder, held_until) VALUES (1, 'alive', UTC_TIMESTAMP(6) + INTERVAL 2 SECOND)
            """)
        let started = Date()
        XCTAssertEqual(try migrator.migrate(migrations), [3])
        XCTAssertGreaterThan(Date().timeIntervalSince(started), 1.5)
    }

    func testConcurrentMigratorsApplyEachVersionOnce() throws {
        let results = LockedBox<[Result<[Int], Error>]>([])
        let group = DispatchGroup()
        for _ in 0..<3 {
            group.enter()
            Thread.detachNewThread { [migrations] in
                defer { group.leave() }
                do {
                    let connection = try TestDatabase.connect()
                    defer { connection.close() }
                    let applied = try Migrator(connection: connection, logger: TestDatabase.logger).migrate(migrations)
                    results.withValue { $0.append(.success(applied)) }
                } catch {
                    results.withValue { $0.append(.failure(error)) }
                }
            }
        }
        XCTAssertEqual(group.wait(timeout: .now() + 60), .success)
        let applied = try results.withValue { $0 }.map { try $0.get() }
        XCTAssertEqual(applied.flatMap { $0 }.sorted(), [1, 2, 3])
        XCTAssertEqual(applied.filter { !$0.isEmpty }.count, 1)
    }
}
