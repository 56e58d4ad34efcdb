import Foundation
import Logging

/// Brings the schema up to date from an ordered list of migrations, recording each applied
/// version in `schema_migrations`.
///
/// Concurrent runs (several hosts deploying at once) take turns through a claim row in
/// `schema_migration_claim`: committed and replicated, unlike a session's `GET_LOCK`, which
/// lives in one server's memory and is gone after a fail-over or a dropped connection while
/// its run goes on. The claim expires, so a run that died leaves no lasting lock; a run
/// renews it before each migration and stops if another run has taken it over meanwhile.
/// Already-recorded versions are skipped, so running it again is harmless.
public struct Migrator {
    private let connection: Connection
    private let logger: Logger
    private let token: String

    static let claimWaitSeconds: TimeInterval = 60
    /// Far longer than one migration's statements take; renewed before each migration.
    static let claimSeconds = 600

    /// A migrator working through `connection`.
    public init(connection: Connection, logger: Logger) {
        self.connection = connection
        self.logger = logger
        self.token = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }

    /// Applies every migration whose version is not yet recorded, in version order.
    /// - Returns: the versions applied by this call, ascending.
    @discardableResult
    public func migrate(_ migrations: [Migration]) throws -> [Int] {
        let ordered = migrations.sorted { $0.version < $1.version }
        precondition(Set(ordered.map(\.version)).count == ordered.count, "duplicate migration version")
        try connection.execute("""
            CREATE TABLE IF NOT EXISTS schema_migration_claim (
                id TINYINT NOT NULL PRIMARY KEY,
                holder CHAR(32) CHARACTER SET ascii NOT NULL,
                held_until DATETIME(6) NOT NULL
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
            """)
        try takeClaim()
        defer { releaseClaim() }
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
            try renewClaim()
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

    /// Takes the claim, waiting while another run holds an unexpired one.
    private func takeClaim() throws {
        let deadline = Date().addingTimeInterval(Self.claimWaitSeconds)
        while true {
            // The holder changes only when the claim has expired; the expiry only for the new holder.
            try connection.execute("""
                INSERT INTO schema_migration_claim (id, holder, held_until)
                VALUES (1, ?, UTC_TIMESTAMP(6) + INTERVAL \(Self.claimSeconds) SECOND)
                ON DUPLICATE KEY UPDATE
                    holder = IF(held_until <= UTC_TIMESTAMP(6), VALUES(holder), holder),
                    held_until = IF(holder = VALUES(holder), VALUES(held_until), held_until)
                """, [.text(token)])
            let holder = try connection.query("SELECT holder FROM schema_migration_claim WHERE id = 1").first?.string("holder")
            if holder == token { return }
            guard Date() < deadline else { throw DatabaseError.lockWaitTimeout }
            Thread.sleep(forTimeInterval: 0.2)
        }
    }

    /// Extends the claim before a migration; throws when another run took it over.
    private func renewClaim() throws {
        let renewed = try connection.execute("""
            UPDATE schema_migration_claim SET held_until = UTC_TIMESTAMP(6) + INTERVAL \(Self.claimSeconds) SECOND
            WHERE id = 1 AND holder = ?
            """, [.text(token)]).affectedRows
        guard renewed == 1 else {
            throw DatabaseError.server(code: 0, message: "another migration run took over the migration claim")
        }
    }

    private func releaseClaim() {
        do {
            try connection.execute("DELETE FROM schema_migration_claim WHERE id = 1 AND holder = ?", [.text(token)])
        } catch {
            // It expires by itself.
            logger.warning("could not release the migration claim", metadata: ["error": "\(error)"])
        }
    }
}
