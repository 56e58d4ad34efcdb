import LecternStore
import LecternTestSupport
import XCTest

/// What Galera needs of the schema (SPEC §14, deploy/galera): every table InnoDB with a
/// primary key (rows without one cannot be replicated reliably), checked on the whole
/// migrated schema, so a later migration that adds a keyless table fails here.
final class SchemaGaleraTests: XCTestCase {
    func testEveryTableIsInnoDBWithAPrimaryKey() throws {
        let url = try TestDatabase.migrated("galera")
        let db = Connection(url: url, logger: TestDatabase.logger)
        defer { db.close() }
        let tables = try db.query("""
            SELECT table_name AS name, engine FROM information_schema.tables
            WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' ORDER BY table_name
            """)
        XCTAssertGreaterThan(tables.count, 15)
        XCTAssertEqual(tables.filter { $0.string("engine") != "InnoDB" }.compactMap { $0.string("name") }, [])
        let keyless = try db.query("""
            SELECT t.table_name AS name FROM information_schema.tables t
            WHERE t.table_schema = DATABASE() AND t.table_type = 'BASE TABLE' AND NOT EXISTS (
                SELECT 1 FROM information_schema.table_constraints c
                WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name
                  AND c.constraint_type = 'PRIMARY KEY')
            """).compactMap { $0.string("name") }
        XCTAssertEqual(keyless, [])
    }
}
