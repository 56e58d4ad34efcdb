import Foundation
import LecternStore
import Logging
import XCTest

/// The real MariaDB the Swift tests run against, named by `LECTERN_TEST_DB_URL`.
///
/// Tests work in a database of their own (`<name>_store`), so their `schema_migrations`
/// never meets the application's.
public enum TestDatabase {
    public static let logger: Logger = {
        var logger = Logger(label: "lectern.store.tests")
        logger.logLevel = .critical
        return logger
    }()

    private static let prepared: Result<DatabaseURL, Error>? = {
        guard let text = ProcessInfo.processInfo.environment["LECTERN_TEST_DB_URL"], !text.isEmpty else {
            return nil
        }
        return Result {
            let given = try DatabaseURL(parsing: text)
            var url = given
            url.database = given.database + "_store"
            let admin = Connection(url: given, logger: logger)
            defer { admin.close() }
            // Identifiers cannot be parameters; this one comes from the test environment.
            try admin.execute("CREATE DATABASE IF NOT EXISTS `\(url.database)` DEFAULT CHARSET utf8mb4")
            return url
        }
    }()

    /// The URL of the test database, or a skip when none is configured.
    public static func url() throws -> DatabaseURL {
        guard let prepared else {
            throw XCTSkip("LECTERN_TEST_DB_URL is not set (e.g. mariadb://root@localhost/lectern_test?socket=/run/mysqld/mysqld.sock)")
        }
        return try prepared.get()
    }

    /// A fresh connection to the test database.
    public static func connect(lockWaitTimeout: Int = 5) throws -> Connection {
        Connection(url: try url(), logger: logger, lockWaitTimeout: lockWaitTimeout)
    }

    /// A new, empty database of its own (`<test database>_<suffix>`) with the whole schema;
    /// returns its URL, for more connections.
    public static func migrated(_ suffix: String, logger: Logger = logger) throws -> DatabaseURL {
        var url = try self.url()
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
