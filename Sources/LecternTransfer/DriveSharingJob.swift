import Foundation
import LecternCore
import LecternDrive
import LecternStore
import Logging

/// `duty.drive_sharing` (SPEC §7 "Sharing"): makes Drive's folder permissions agree with
/// Lectern's groups. Quick runs (queued on a membership change or a new folder) compare what
/// is due with Lectern's records; the hourly run and an admin's "sync now" also list each
/// managed folder's direct permissions on Drive, re-creating Lectern's that someone removed.
/// Refusals are recorded with Google's message and retried with backoff; a Drive that stays
/// unavailable (after the in-call backoff) leaves the rest to the job's next attempt.
/// One run at a time across every host (a named lock).
public struct DriveSharingJob: JobHandler {
    static let lockName = "lectern.drive_sharing"

    let db: Connection
    let drive: DriveSharing?
    let rootFolderID: String?
    let mode: DriveSharingMode
    let logger: Logger
    let jitter: () -> Double

    public init(db: Connection, drive: DriveSharing?, rootFolderID: String?, mode: DriveSharingMode, logger: Logger,
                jitter: @escaping () -> Double = { Double.random(in: 0..<1) }) {
        self.db = db
        self.drive = drive
        self.rootFolderID = rootFolderID
        self.mode = mode
        self.logger = logger
        self.jitter = jitter
    }

    public var kind: String { DriveSharingRequest.kind }

    struct Busy: Error, CustomStringConvertible {
        var description: String { "another process is sharing Drive folders" }
    }

    public func run(_ job: JobQueue.ClaimedJob) throws -> JobOutcome {
        guard mode == .groups, let drive, let rootFolderID else { return .done }
        return try db.withNamedLock(Self.lockName, waitSeconds: 50, timeout: { Busy() }) {
            try share(drive: drive, rootFolderID: rootFolderID, listDrive: DriveSharingRequest.listsDrive(payload: job.payload))
        }
    }

    private func share(drive: DriveSharing, rootFolderID: String, listDrive: Bool) throws -> JobOutcome {
        let repository = DrivePermissionRepository(db)
        let folders = try repository.topLevelFolders(rootID: rootFolderID)
        let names = Dictionary(folders.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let due = SharingPlan.due(folders: folders, groups: try repository.groups(rootID: rootFolderID), hostEmails: try repository.hostEmails(),
                                  excluded: try repository.adminEmails())
        let recorded = try repository.recorded()
        do {
            var listed: [String: [SharingPlan.Listed]]?
            if listDrive {
                listed = try directPermissions(drive: drive, folderIDs: Set(due.map(\.folderID))
                    .union(recorded.filter { $0.status == .granted }.map(\.grant.folderID)))
            }
            let actions = SharingPlan.actions(due: due, recorded: recorded, listed: listed, now: Date())
            try repository.recordChecked(ids: actions.confirmed.map(\.id))
            var granted = 0, refused = 0, removed = 0
            for grant in actions.create {
                let path = names[grant.folderID] ?? grant.folderID
                do {
                    let id = try drive.createPermission(fileID: grant.folderID, email: grant.email, role: SharingPlan.role)
                    try repository.recordGranted(grant, folderPath: path, permissionID: id, role: SharingPlan.role)
                    granted += 1
                } catch DriveError.refused(_, _, let message) {
                    try repository.recordFailed(grant, folderPath: path, role: SharingPlan.role, message: message) { attempts in
                        JobBackoff.delay(afterAttempt: attempts, jitter: jitter())
                    }
                    refused += 1
                    logger.info("drive sharing: Google refused \(grant.email) on \(path): \(message)")
                }
            }
            for row in actions.delete {
                do {
                    if let permissionID = row.permissionID {
                        try drive.deletePermission(fileID: row.grant.folderID, permissionID: permissionID)
                    }
                    try repository.recordRevoked(id: row.id)
                    removed += 1
                } catch DriveError.refused(_, _, let message) {
                    try repository.recordRemovalRefused(id: row.id, message: message)
                    logger.warning("drive sharing: Google refused to remove \(row.grant.email): \(message)")
                }
            }
            for row in actions.forget { try repository.recordRevoked(id: row.id) }
            logger.info("drive sharing: \(granted) granted, \(refused) refused, \(removed) removed, \(due.count) due\(listDrive ? " (Drive listed)" : "")")
            return .done
        } catch let error as DriveError {
            return .retry(reason: "\(error)")
        }
    }

    /// Each folder's direct permissions (inherited ones cannot be removed and are not Lectern's);
    /// a folder Drive no longer has lists none.
    private func directPermissions(drive: DriveSharing, folderIDs: Set<String>) throws -> [String: [SharingPlan.Listed]] {
        var listed: [String: [SharingPlan.Listed]] = [:]
        for folderID in folderIDs.sorted() {
            do {
                listed[folderID] = try drive.permissions(fileID: folderID).filter(\.isDirect).map {
                    SharingPlan.Listed(permissionID: $0.id, email: $0.emailAddress)
                }
            } catch DriveError.refused(404, _, _) {
                listed[folderID] = []
            }
        }
        return listed
    }
}
