import Foundation
import LecternCore

/// `drive_folders`: Drive folder ids by path, shared by every transfer process, so that a
/// folder is looked up on Drive once and never created twice.
public struct DriveFolderRepository {
    let db: Connection

    public init(_ db: Connection) {
        self.db = db
    }

    /// The folder id of `path` (slash-joined names under the root), resolving it with
    /// `resolve` when none is stored. The path's row stays locked while `resolve` runs, so
    /// concurrent callers, on any host, wait for the first one's folder instead of creating another.
    public func folderID(path: String, resolve: () throws -> String) throws -> String {
        if let known = try stored(path: path, locking: false) { return known }
        return try db.transaction { tx in
            _ = try tx.execute("INSERT IGNORE INTO drive_folders (path_hash, path) VALUES (SHA2(?, 256), ?)",
                               [.text(path), .text(path)])
            if let known = try DriveFolderRepository(tx).stored(path: path, locking: true) { return known }
            let id = try resolve()
            _ = try tx.execute("UPDATE drive_folders SET folder_id = ? WHERE path_hash = SHA2(?, 256)", [.text(id), .text(path)])
            return id
        }
    }

    /// Drops a cached id that Drive no longer knows (the folder was deleted by hand).
    public func forget(path: String) throws {
        _ = try db.execute("DELETE FROM drive_folders WHERE path_hash = SHA2(?, 256)", [.text(path)])
    }

    private func stored(path: String, locking: Bool) throws -> String? {
        try db.query("SELECT folder_id FROM drive_folders WHERE path_hash = SHA2(?, 256)\(locking ? " FOR UPDATE" : "")",
                     [.text(path)]).first?.string("folder_id")
    }
}
