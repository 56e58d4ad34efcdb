import Foundation
import LecternCore

/// API bearer tokens, stored only as the SHA-256 of the token.
public struct TokenRepository {
    let db: Connection

    public init(_ db: Connection) {
        self.db = db
    }

    public func insert(userID: Int64, tokenHash: String, expiresAt: Date) throws {
        _ = try db.execute("INSERT INTO api_tokens (user_id, token_hash, expires_at) VALUES (?, ?, ?)",
                           [.int(userID), .text(tokenHash), .date(expiresAt)])
    }

    /// The owner of an unexpired token.
    public func user(tokenHash: String) throws -> User? {
        try db.query("""
            SELECT \(UserRepository.columns) FROM api_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.token_hash = ? AND t.expires_at > UTC_TIMESTAMP(6)
            """, [.text(tokenHash)]).first.map(UserRepository.user(from:))
    }

    public func delete(tokenHash: String) throws {
        _ = try db.execute("DELETE FROM api_tokens WHERE token_hash = ?", [.text(tokenHash)])
    }
}
