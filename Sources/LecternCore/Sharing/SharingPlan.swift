import Foundation

/// Which Drive permissions Lectern wants and what to do to get there (SPEC §7 "Sharing"):
/// a `reader` permission on each group folder (`{group name}` under the root) for the
/// group's students and teacher, and on each host folder (`{host email}`) for that host.
/// Admins get nothing. Only permissions Lectern recorded as its own are ever removed.
public enum SharingPlan {
    public static let role = "reader"

    /// A folder directly under the root whose id Lectern knows.
    public struct Folder: Sendable, Equatable {
        public var id: String
        public var name: String

        public init(id: String, name: String) {
            self.id = id
            self.name = name
        }
    }

    /// A group as far as sharing cares: its people, and the folders its recordings are in.
    public struct Group: Sendable, Equatable {
        public var name: String
        public var teacherEmail: String
        public var studentEmails: [String]
        /// Top-level folders its lessons' recordings were filed under, besides the one named
        /// after it now (a renamed group's older recordings stay in the folder of its old name).
        public var filedUnder: Set<String>

        public init(name: String, teacherEmail: String, studentEmails: [String], filedUnder: Set<String> = []) {
            self.name = name
            self.teacherEmail = teacherEmail
            self.studentEmails = studentEmails
            self.filedUnder = filedUnder
        }
    }

    /// One permission that should exist: `email` may read `folderID`.
    public struct Grant: Sendable, Hashable, Comparable {
        public var folderID: String
        /// Lower case.
        public var email: String

        public init(folderID: String, email: String) {
            self.folderID = folderID
            self.email = email.lowercased()
        }

        public static func < (lhs: Grant, rhs: Grant) -> Bool {
            (lhs.folderID, lhs.email) < (rhs.folderID, rhs.email)
        }
    }

    /// The permissions due on `folders`: each group's students and teacher on the folder named
    /// after the group (and those its recordings were filed under), each host on the folder
    /// named after its email; nobody in `excluded` (the admins, who manage the shared drive).
    public static func due(folders: [Folder], groups: [Group], hostEmails: [String], excluded: Set<String>) -> Set<Grant> {
        var people: [String: Set<String>] = [:]
        for group in groups {
            let members = ([group.teacherEmail] + group.studentEmails).map { $0.lowercased() }
            for name in group.filedUnder.union([RecordingPlacement.folderName(group.name)]) {
                people[name, default: []].formUnion(members)
            }
        }
        for host in hostEmails {
            people[RecordingPlacement.folderName(host), default: []].insert(host.lowercased())
        }
        let excludedLower = Set(excluded.map { $0.lowercased() })
        var grants: Set<Grant> = []
        for folder in folders {
            for email in people[folder.name] ?? [] where !email.isEmpty && !excludedLower.contains(email) {
                grants.insert(Grant(folderID: folder.id, email: email))
            }
        }
        return grants
    }

    /// A permission Lectern recorded (`drive_permissions`).
    public struct Recorded: Sendable, Equatable {
        public var id: Int64
        public var grant: Grant
        public var permissionID: String?
        public var status: DrivePermissionStatus
        /// When a refused one may be tried again.
        public var retryAt: Date?

        public init(id: Int64, grant: Grant, permissionID: String?, status: DrivePermissionStatus, retryAt: Date?) {
            self.id = id
            self.grant = grant
            self.permissionID = permissionID
            self.status = status
            self.retryAt = retryAt
        }
    }

    /// A direct permission Drive listed on a folder.
    public struct Listed: Sendable, Equatable {
        public var permissionID: String
        public var email: String?

        public init(permissionID: String, email: String?) {
            self.permissionID = permissionID
            self.email = email?.lowercased()
        }
    }

    /// What one sharing run does.
    public struct Actions: Sendable, Equatable {
        /// Permissions to create on Drive (new, revoked before, refused and due for a retry, or
        /// recorded as granted but no longer on Drive).
        public var create: [Grant] = []
        /// Lectern's permissions to delete from Drive: granted but no longer due.
        public var delete: [Recorded] = []
        /// Refused ones no longer due: nothing on Drive to remove, recorded as revoked.
        public var forget: [Recorded] = []
        /// Granted ones Drive was seen to hold: their `checked_at` is refreshed.
        public var confirmed: [Recorded] = []

        public init() {}
    }

    /// Compares what is due with what Lectern recorded and, when `listed` is given (the hourly
    /// duty's view of each folder's direct permissions, by folder id), with what Drive holds.
    public static func actions(due: Set<Grant>, recorded: [Recorded], listed: [String: [Listed]]?, now: Date) -> Actions {
        var actions = Actions()
        var byGrant: [Grant: Recorded] = [:]
        for row in recorded { byGrant[row.grant] = row }
        for grant in due.sorted() {
            guard let row = byGrant[grant] else {
                actions.create.append(grant)
                continue
            }
            switch row.status {
            case .revoked:
                actions.create.append(grant)
            case .failed:
                if row.retryAt.map({ $0 <= now }) ?? true { actions.create.append(grant) }
            case .granted:
                guard let listed, let onDrive = listed[grant.folderID] else { continue }
                if onDrive.contains(where: { $0.permissionID == row.permissionID }) {
                    actions.confirmed.append(row)
                } else {
                    actions.create.append(grant)
                }
            }
        }
        for row in recorded.sorted(by: { $0.grant < $1.grant }) where !due.contains(row.grant) {
            switch row.status {
            case .granted: actions.delete.append(row)
            case .failed: actions.forget.append(row)
            case .revoked: break
            }
        }
        return actions
    }
}
