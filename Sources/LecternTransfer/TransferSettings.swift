import Foundation
import LecternCore

/// What the transfer pipeline needs from the configuration (SPEC §2, §8).
public struct TransferSettings: Sendable {
    /// The Drive folder (in a shared drive) everything is filed under.
    public var rootFolderID: String
    public var spoolDirectory: String
    /// Upload chunk size: a multiple of 256 KiB.
    public var chunkSize: Int
    public var afterTransfer: AfterTransferAction
    /// 0 keeps copies forever.
    public var retentionDays: Int

    public init(rootFolderID: String, spoolDirectory: String = "/var/lib/lectern/spool", chunkSize: Int = 8_388_608,
                afterTransfer: AfterTransferAction = .trash, retentionDays: Int = 90) {
        self.rootFolderID = rootFolderID
        self.spoolDirectory = spoolDirectory
        self.chunkSize = chunkSize
        self.afterTransfer = afterTransfer
        self.retentionDays = retentionDays
    }

    public init(_ configuration: Configuration) throws {
        self.init(rootFolderID: try configuration.require(configuration.driveRootFolderID, "DRIVE_ROOT_FOLDER_ID"),
                  spoolDirectory: configuration.spoolDirectory, chunkSize: configuration.chunkSize,
                  afterTransfer: configuration.zoomAfterTransfer, retentionDays: configuration.retentionDays)
    }

    /// Until when a copy made at `now` stays listed, or `nil` for ever.
    public func availableUntil(from now: Date) -> Date? {
        retentionDays > 0 ? now.addingTimeInterval(TimeInterval(retentionDays) * 86_400) : nil
    }
}
