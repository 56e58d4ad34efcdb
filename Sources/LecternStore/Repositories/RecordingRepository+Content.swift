import Foundation

/// What streaming a recording's bytes needs (SPEC §4 `…/content/`).
extension RecordingRepository {
    /// The Drive file id of a recording, if it has one.
    public func driveFileID(id: Int64) throws -> String? {
        try db.query("SELECT drive_file_id FROM recordings WHERE id = ?", [.int(id)]).first?.string("drive_file_id")
    }
}
