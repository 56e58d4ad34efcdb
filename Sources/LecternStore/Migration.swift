/// One schema version: statements run in order, then the version is recorded.
///
/// MariaDB commits DDL implicitly, so a migration that fails half-way is not rolled back;
/// prefer one DDL statement per migration, or statements that can be re-run.
public struct Migration: Sendable {
    /// Unique, increasing version number.
    public let version: Int
    /// A short human name, recorded next to the version.
    public let name: String
    /// SQL to execute, each through the prepared-statement API.
    public let statements: [String]

    /// Creates a migration.
    public init(version: Int, name: String, statements: [String]) {
        self.version = version
        self.name = name
        self.statements = statements
    }
}
