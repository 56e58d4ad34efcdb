import Foundation
import LecternStore
import Logging
import XCTest

/// The real MariaDB named by `LECTERN_TEST_DB_URL`, as the transfer tests use it.
enum TestDatabase {
    /// A new, empty database of its own (`<test database>_<suffix>`) with the whole schema;
    /// a skip when no test database is configured.
    static func migrated(_ suffix: String, logger: Logger) throws -> DatabaseURL {
        guard let text = ProcessInfo.processInfo.environment["LECTERN_TEST_DB_URL"], !text.isEmpty else {
            throw XCTSkip("LECTERN_TEST_DB_URL is not set")
        }
        var url = try DatabaseURL(parsing: text)
        let admin = Connection(url: url, logger: logger)
        defer { admin.close() }
        url.database += "_\(suffix)"
        // Identifiers cannot be parameters; this one comes from the test environment.
        try admin.execute("DROP DATABASE IF EXISTS `\(url.database)`")
        try admin.execute("CREATE DATABASE `\(url.database)` DEFAULT CHARSET utf8mb4")
        let db = Connection(url: url, logger: logger)
        defer { db.close() }
        _ = try Migrator(connection: db, logger: logger).migrate(Schema.migrations)
        return url
    }
}
