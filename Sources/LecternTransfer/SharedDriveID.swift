import Foundation
import LecternDrive

/// The id of the shared drive that holds `DRIVE_ROOT_FOLDER_ID`, asked of Drive once per
/// process: the existing-copy check searches that whole drive (SPEC §8).
public final class SharedDriveID: @unchecked Sendable {
    private let lock = NSLock()
    private var known: String??

    public init() {}

    /// The root's `driveId`, or `nil` when the root is not in a shared drive.
    func id(of rootID: String, drive: Drive) throws -> String? {
        if let known = lock.withLock({ known }) { return known }
        let found = try drive.file(id: rootID).driveId
        lock.withLock { known = .some(found) }
        return found
    }
}
