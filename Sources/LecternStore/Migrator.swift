import Logging

/// Brings the schema up to date from an ordered list of migrations, recording each applied
/// version in `schema_migrations`.
///
/// A server-wide `GET_LOCK` serialises concurrent runs (several hosts deploying at once), and
/// already-recorded versions are skipped, so running it again is harmless.
public struct Migrator {
    private let connection: Connection
    private let logger: Logger

    private static let lockName: SQLValue = "lectern_migrate"
    private static let lockWaitSeconds: SQLValue = 60

    /// A migrator working through `connection`.
    public init(connection: Connection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// Applies every migration whose version is not yet recorded, in version order.
    /// - Returns: the versions applied by this call, ascending.
    @discardableResult
    public func migrate(_ migrations: [Migration]) throws -> [Int] {
        let ordered = migrations.sorted { $0.version < $1.version }
        precondition(Set(ordered.map(\.version)).count == ordered.count, "duplicate migration version")
        let locked = try connection.query("SELECT GET_LOCK(?, ?) AS locked", [Self.lockName, Self.lockWaitSeconds])
        guard locked.first?.bool("locked") == true else {
            throw DatabaseError.lockWaitTimeout
        }
        defer { releaseLock() }
        try connection.execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INT NOT NULL PRIMARY KEY,
                name VARCHAR(255) NOT NULL,
                applied_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
            """)
        let recorded = Set(try connection.query("SELECT version FROM schema_migrations").map { try $0.requiredIntValue("version") })
        var applied: [Int] = []
        for migration in ordered where !recorded.contains(migration.version) {
            logger.info("applying migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
            for statement in migration.statements {
                _ = try connection.perform(statement, [], cached: false)
            }
            try connection.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                                   [.int(migration.version), .text(migration.name)])
            applied.append(migration.version)
        }
        return applied
    }

    private func releaseLock() {
        do {
            _ = try connection.query("SELECT RELEASE_LOCK(?)", [Self.lockName])
        } catch {
            // The server releases the lock with the session anyway.
            logger.warning("could not release the migration lock", metadata: ["error": "\(error)"])
        }
    }
}
