import Foundation
import LecternStore

/// A Drive permission Lectern manages, as the API shows it (SPEC §4), in the document's key
/// order: every key present, `message` (Google's words when it refused) and `checked_at`
/// `null` when empty.
struct DriveAccessJSON: JSONWritable {
    var entry: DrivePermissionRepository.Entry

    init(_ entry: DrivePermissionRepository.Entry) {
        self.entry = entry
    }

    func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("id", entry.id)
            json.field("folder_id", entry.folderID)
            json.field("folder_path", entry.folderPath)
            json.field("email", entry.email)
            json.field("role", entry.role)
            json.field("status", entry.status.rawValue)
            json.field("message", entry.message)
            json.field("checked_at", entry.checkedAt)
        }
    }
}
