import Foundation
import LecternCore

/// One app's shared OAuth token in `zoom_apps` (`access_token_enc`, `access_token_expires_at`);
/// refreshes hold the app's row lock, so processes on any host take turns and reuse the winner's token.
public struct ZoomTokenRepository: SharedTokenStore {
    let db: Connection
    let appID: Int64

    public func load() throws -> SharedToken? {
        try db.query("SELECT access_token_enc, access_token_expires_at FROM zoom_apps WHERE id = ?",
                     [.int(appID)]).first.flatMap { try Self.token(from: $0) }
    }

    public func refresh(_ body: (SharedToken?) throws -> SharedToken) throws -> SharedToken {
        try db.transaction { tx in
            let rows = try tx.query("SELECT access_token_enc, access_token_expires_at FROM zoom_apps WHERE id = ? FOR UPDATE",
                                    [.int(appID)])
            guard let row = rows.first else { throw DatabaseError.server(code: 0, message: "no Zoom app \(appID)") }
            let current = try Self.token(from: row)
            let next = try body(current)
            if next != current {
                try tx.execute("UPDATE zoom_apps SET access_token_enc = ?, access_token_expires_at = ? WHERE id = ?",
                               [.text(next.sealedValue), .date(next.expiresAt), .int(appID)])
            }
            return next
        }
    }

    /// The stored token, `nil` when the app has none yet.
    static func token(from row: Row) throws -> SharedToken? {
        guard let sealed = row.string("access_token_enc") else { return nil }
        return SharedToken(sealedValue: sealed, expiresAt: try row.requiredDate("access_token_expires_at"))
    }
}
