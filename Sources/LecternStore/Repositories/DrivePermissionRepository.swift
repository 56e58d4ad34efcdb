import Foundation
import LecternCore

/// `drive_permissions` and the facts sharing is computed from (SPEC §7 "Sharing").
public struct DrivePermissionRepository {
    let db: Connection

    public init(_ db: Connection) {
        self.db = db
    }

    /// A row as the drive-access API shows it.
    public struct Entry: Sendable, Equatable {
        public var id: Int64
        public var folderID: String
        public var folderPath: String
        public var email: String
        public var role: String
        public var status: DrivePermissionStatus
        public var message: String?
        public var checkedAt: Date?

        public init(id: Int64, folderID: String, folderPath: String, email: String, role: String,
                    status: DrivePermissionStatus, message: String?, checkedAt: Date?) {
            self.id = id
            self.folderID = folderID
            self.folderPath = folderPath
            self.email = email
            self.role = role
            self.status = status
            self.message = message
            self.checkedAt = checkedAt
        }
    }

    // MARK: What is due

    /// The folders directly under `rootID` whose Drive ids are known (`drive_folders`).
    public func topLevelFolders(rootID: String) throws -> [SharingPlan.Folder] {
        let prefix = rootID + "\n"
        var folders: [SharingPlan.Folder] = []
        for row in try db.query("SELECT path, folder_id FROM drive_folders WHERE folder_id IS NOT NULL") {
            let path = try row.requiredString("path")
            guard path.hasPrefix(prefix) else { continue }
            let name = String(path.dropFirst(prefix.count))
            if !name.isEmpty, !name.contains("\n") { folders.append(SharingPlan.Folder(id: try row.requiredString("folder_id"), name: name)) }
        }
        return folders
    }

    /// Every group with its teacher's and students' emails, and the top-level folders under
    /// `rootID` its lessons' recordings were filed under.
    public func groups(rootID: String) throws -> [SharingPlan.Group] {
        var students: [Int64: [String]] = [:]
        for row in try db.query("""
            SELECT gm.group_id, u.email FROM group_members gm JOIN users u ON u.id = gm.student_id
            """) {
            students[try row.requiredInt("group_id"), default: []].append(try row.requiredString("email"))
        }
        var filed: [Int64: Set<String>] = [:]
        let prefix = rootID + "\n"
        for row in try db.query("""
            SELECT DISTINCT l.group_id, df.path FROM recordings r JOIN lessons l ON l.id = r.lesson_id
            JOIN drive_folders df ON df.folder_id = r.drive_folder_id
            """) {
            // A recording of a lesson without a group is filed under no group's folder.
            guard let group = row.int("group_id") else { continue }
            let path = try row.requiredString("path")
            guard path.hasPrefix(prefix), let top = path.dropFirst(prefix.count).split(separator: "\n").first else { continue }
            filed[group, default: []].insert(String(top))
        }
        return try db.query("SELECT g.id, g.name, u.email FROM `groups` g JOIN users u ON u.id = g.teacher_id").map { row in
            let id = try row.requiredInt("id")
            return SharingPlan.Group(name: try row.requiredString("name"), teacherEmail: try row.requiredString("email"),
                                     studentEmails: students[id] ?? [], filedUnder: filed[id] ?? [])
        }
    }

    /// Hosts of recordings filed under `{host email}` (meetings unknown to Lectern).
    public func hostEmails() throws -> [String] {
        try db.query("SELECT DISTINCT host_email FROM recordings WHERE lesson_id IS NULL AND host_email IS NOT NULL")
            .map { try $0.requiredString("host_email") }
    }

    /// Admins manage the shared drive and are granted nothing.
    public func adminEmails() throws -> Set<String> {
        Set(try db.query("SELECT email FROM users WHERE role = 'admin'").map { try $0.requiredString("email") })
    }

    // MARK: Records

    /// Every permission Lectern recorded, in any status.
    public func recorded() throws -> [SharingPlan.Recorded] {
        try db.query("SELECT id, folder_id, email, permission_id, status, retry_at FROM drive_permissions").map { row in
            SharingPlan.Recorded(id: try row.requiredInt("id"),
                                 grant: SharingPlan.Grant(folderID: try row.requiredString("folder_id"),
                                                          email: try row.requiredString("email")),
                                 permissionID: row.string("permission_id"),
                                 status: try row.required("status", as: DrivePermissionStatus.self), retryAt: row.date("retry_at"))
        }
    }

    /// Drive holds `grant` as `permissionID`.
    public func recordGranted(_ grant: SharingPlan.Grant, folderPath: String, permissionID: String, role: String) throws {
        try db.execute("""
            INSERT INTO drive_permissions (folder_id, folder_path, email, role, permission_id, status, message, attempts,
                                           retry_at, checked_at)
            VALUES (?, ?, ?, ?, ?, 'granted', NULL, 0, NULL, UTC_TIMESTAMP(6))
            ON DUPLICATE KEY UPDATE folder_path = VALUES(folder_path), role = VALUES(role),
                permission_id = VALUES(permission_id), status = 'granted', message = NULL, attempts = 0, retry_at = NULL,
                checked_at = UTC_TIMESTAMP(6)
            """, [.text(grant.folderID), .text(folderPath), .text(grant.email), .text(role), .text(permissionID)])
    }

    /// Google refused `grant` with `message`; the next try waits for the backoff of the
    /// refusals so far (`retryDelay` gets the attempt count, this one included).
    public func recordFailed(_ grant: SharingPlan.Grant, folderPath: String, role: String, message: String,
                             retryDelay: (Int) -> Int64) throws {
        let attempts = (try db.query("SELECT attempts FROM drive_permissions WHERE folder_id = ? AND email = ? AND status = 'failed'",
                                     [.text(grant.folderID), .text(grant.email)]).first?.intValue("attempts") ?? 0) + 1
        try db.execute("""
            INSERT INTO drive_permissions (folder_id, folder_path, email, role, permission_id, status, message, attempts,
                                           retry_at, checked_at)
            VALUES (?, ?, ?, ?, NULL, 'failed', ?, ?, UTC_TIMESTAMP(6) + INTERVAL ? SECOND, UTC_TIMESTAMP(6))
            ON DUPLICATE KEY UPDATE folder_path = VALUES(folder_path), role = VALUES(role), permission_id = NULL,
                status = 'failed', message = VALUES(message), attempts = VALUES(attempts), retry_at = VALUES(retry_at),
                checked_at = UTC_TIMESTAMP(6)
            """, [.text(grant.folderID), .text(folderPath), .text(grant.email), .text(role), .text(message),
                  .int(Int64(attempts)), .int(retryDelay(attempts))])
    }

    /// Lectern removed the permission (or a refused one stopped being due).
    public func recordRevoked(id: Int64) throws {
        try db.execute("""
            UPDATE drive_permissions SET status = 'revoked', message = NULL, retry_at = NULL, checked_at = UTC_TIMESTAMP(6)
            WHERE id = ?
            """, [.int(id)])
    }

    /// Removing it failed for good: the row stays granted, with Google's words.
    public func recordRemovalRefused(id: Int64, message: String) throws {
        try db.execute("UPDATE drive_permissions SET message = ?, checked_at = UTC_TIMESTAMP(6) WHERE id = ?",
                       [.text(message), .int(id)])
    }

    /// Drive was seen to hold these.
    public func recordChecked(ids: [Int64]) throws {
        guard !ids.isEmpty else { return }
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
        try db.execute("UPDATE drive_permissions SET checked_at = UTC_TIMESTAMP(6) WHERE id IN (\(marks))", ids.map(SQLValue.int))
    }

    // MARK: The API

    /// Rows with ids above `afterID`, in id order, optionally of one status.
    public func list(status: DrivePermissionStatus?, afterID: Int64, limit: Int) throws -> [Entry] {
        var sql = "SELECT id, folder_id, folder_path, email, role, status, message, checked_at FROM drive_permissions WHERE id > ?"
        var parameters: [SQLValue] = [.int(afterID)]
        if let status {
            sql += " AND status = ?"
            parameters.append(.text(status.rawValue))
        }
        return try db.query(sql + " ORDER BY id LIMIT ?", parameters + [.int(Int64(limit))]).map { row in
            Entry(id: try row.requiredInt("id"), folderID: try row.requiredString("folder_id"),
                  folderPath: try row.requiredString("folder_path"), email: try row.requiredString("email"),
                  role: try row.requiredString("role"), status: try row.required("status", as: DrivePermissionStatus.self),
                  message: row.string("message"), checkedAt: row.date("checked_at"))
        }
    }
}
