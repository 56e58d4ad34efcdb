import LecternDrive
import LecternStore

/// Resolves a folder path under the root to a Drive folder id: from the shared cache, else
/// found on Drive, else created — one creator per path across every process and host.
/// A cached folder someone trashed or deleted on Drive is noticed and resolved again, so
/// copies never land in the trash.
struct DriveFolders {
    let db: Connection
    let drive: Drive
    let rootID: String

    func folderID(path: [String]) throws -> String {
        let folder = try resolve(path)
        guard try isGone(folder.id) else { return folder.id }
        for key in folder.keys { try DriveFolderRepository(db).forget(path: key) }
        return try resolve(path).id
    }

    private func isGone(_ id: String) throws -> Bool {
        guard id != rootID else { return false }
        do {
            return try drive.file(id: id).trashed == true
        } catch DriveError.refused(404, _, _) {
            return true
        }
    }

    /// The folder's id and the cache keys of the path down to it.
    private func resolve(_ path: [String]) throws -> (id: String, keys: [String]) {
        let repository = DriveFolderRepository(db)
        var keys: [String] = []
        var parentID = rootID
        // Folder names hold no control characters (RecordingPlacement), so a newline separates them.
        var key = rootID
        for name in path {
            key += "\n" + name
            keys.append(key)
            let parent = parentID
            let topLevel = keys.count == 1
            parentID = try repository.folderID(path: key) {
                let id = try drive.findFolder(named: name, in: parent)?.id ?? drive.createFolder(named: name, in: parent).id
                // A group or host folder new to Lectern is shared within a minute (SPEC §7 "Sharing").
                if topLevel {
                    try JobQueue(db).enqueueSharingRun(listDrive: false)
                }
                return id
            }
        }
        return (parentID, keys)
    }
}
