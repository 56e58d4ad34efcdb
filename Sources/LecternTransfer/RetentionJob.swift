import Foundation
import LecternCore
import LecternDrive
import LecternStore
import Logging

/// `duty.retention`: the hourly sweep that trashes Drive copies past their retention and
/// marks them `expired` (SPEC §8). A copy Drive no longer has counts as trashed.
public struct RetentionJob: JobHandler {
    public static let kind = "duty.retention"
    public static let interval: TimeInterval = 3600
    /// Copies handled per run; the next hour takes the rest.
    static let batch = 500

    let db: Connection
    let drive: Drive?
    let logger: Logger

    public init(db: Connection, drive: Drive?, logger: Logger) {
        self.db = db
        self.drive = drive
        self.logger = logger
    }

    public var kind: String { Self.kind }

    public func run(_ job: JobQueue.ClaimedJob) throws -> JobOutcome {
        guard let drive else { return .done }
        let recordings = RecordingRepository(db)
        var expired = 0
        for copy in try recordings.expiredCopies(now: Date(), limit: Self.batch) {
            do {
                try drive.trash(fileID: copy.driveFileID)
            } catch DriveError.refused(404, _, _) {
                logger.info("recording \(copy.id): its Drive copy was already gone")
            }
            try recordings.markExpired(id: copy.id)
            expired += 1
        }
        logger.info("retention: \(expired) recordings expired")
        return .done
    }
}
