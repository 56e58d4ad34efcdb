import LecternDrive
import LecternStore

/// Resolves a folder path under the root to a Drive folder id: from the shared cache, else
/// found on Drive, else created — one creator per path across every process and host.
struct DriveFolders {
    let db: Connection
    let drive: Drive
    let rootID: String

    func folderID(path: [String]) throws -> String {
        let repository = DriveFolderRepository(db)
        var parentID = rootID
        // Folder names hold no control characters (RecordingPlacement), so a newline separates them.
        var key = rootID
        for name in path {
            key += "\n" + name
            let parent = parentID
            parentID = try repository.folderID(path: key) {
                try drive.findFolder(named: name, in: parent)?.id ?? drive.createFolder(named: name, in: parent).id
            }
        }
        return parentID
    }
}
