import Foundation
import LecternCore

/// Users and their password hashes.
public struct UserRepository {
    let db: Connection

    public init(_ db: Connection) {
        self.db = db
    }

    static let columns = "u.id, u.email, u.name, u.role, u.timezone, u.subscription_expires_at"

    static func user(from row: Row) throws -> User {
        User(id: try row.requiredInt("id"), email: try row.requiredString("email"), name: try row.requiredString("name"),
             role: try row.required("role", as: Role.self), timezone: row.string("timezone") ?? "UTC",
             subscriptionExpiresAt: row.date("subscription_expires_at"))
    }

    /// The user with this email (case-insensitive) and their stored password hash.
    public func find(email: String) throws -> (user: User, passwordHash: String?)? {
        let rows = try db.query("SELECT \(Self.columns), u.password_hash FROM users u WHERE u.email = ?",
                                [.text(email.lowercased())])
        guard let row = rows.first else { return nil }
        return (try Self.user(from: row), row.string("password_hash"))
    }

    public func find(id: Int64) throws -> User? {
        try db.query("SELECT \(Self.columns) FROM users u WHERE u.id = ?", [.int(id)]).first.map(Self.user(from:))
    }

    /// Those of `ids` that name users.
    public func existing(among ids: [Int64]) throws -> Set<Int64> {
        guard !ids.isEmpty else { return [] }
        let rows = try db.query("SELECT id FROM users WHERE id IN (\(PlaceholderList.marks(ids.count)))",
                                ids.map(SQLValue.int))
        return Set(try rows.map { try $0.requiredInt("id") })
    }

    /// Creates a user; throws ``DatabaseError/duplicateKey(_:)`` when the email is taken.
    public func insert(email: String, name: String, role: Role, passwordHash: String?, timezone: String,
                       subscriptionExpiresAt: Date?) throws -> Int64 {
        try db.execute("""
            INSERT INTO users (email, name, role, password_hash, timezone, subscription_expires_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """, [.text(email.lowercased()), .text(name), .text(role.rawValue),
                  passwordHash.map(SQLValue.text) ?? .null, .text(timezone),
                  subscriptionExpiresAt.map(SQLValue.date) ?? .null]).lastInsertID
    }
}
