import Foundation
import LecternCore
import LecternDrive
import LecternStore
import LecternPool
import LecternZoom
import LecternCrypto
import Logging

/// `recording.transfer`: one recording file to Drive (SPEC §8). Decides what a failed
/// attempt means: failures that cannot heal (Drive refused the request for good) end the
/// job at once; everything else is retried with the queue's backoff, and the recording
/// becomes `failed` with its last error when the attempts run out.
public struct RecordingTransferHandler: JobHandler {
    /// A transfer with the process's settings, its after-action replaced by the job's own.
    let makeTransfer: (AfterTransferAction?) throws -> RecordingTransfer
    let db: Connection
    let spoolDirectory: String?
    let logger: Logger

    /// - Parameters:
    ///   - drive: `nil` when Drive is not configured: jobs then wait and say why.
    ///   - progress: told the bytes on Drive of the file in flight before each chunk and at the end.
    public init(db: Connection, zoom: ZoomClientSource, downloader: ZoomDownloader, drive: Drive?,
                box: SecretBox, settings: TransferSettings?, logger: Logger, progress: UploadProgressObserver? = nil) {
        self.db = db
        self.spoolDirectory = settings?.spoolDirectory
        self.logger = logger
        let sharedDrive = SharedDriveID()
        makeTransfer = { afterTransfer in
            guard let drive, var settings else { throw TransferSetupError.driveNotConfigured }
            if let afterTransfer { settings.afterTransfer = afterTransfer }
            return RecordingTransfer(db: db, zoom: zoom, downloader: downloader, drive: drive, sharedDrive: sharedDrive,
                                     box: box, settings: settings, logger: logger, progress: progress)
        }
    }

    public var kind: String { RecordingTransferJob.kind }

    public func run(_ job: JobQueue.ClaimedJob) throws -> JobOutcome {
        guard let payload = try? JSONDecoder().decode(RecordingTransferJob.Payload.self, from: Data(job.payload.utf8)) else {
            return .failed(reason: "payload is not {\"recording_id\": N}")
        }
        let recordings = RecordingRepository(db)
        do {
            return try makeTransfer(payload.afterTransfer).run(recordingID: payload.recordingId, lease: job.lease)
        } catch let lost as JobLeaseLost {
            // The job's new holder carries on; this process leaves the row as it is.
            logger.warning("recording \(payload.recordingId): stopped: \(lost)")
            return .retry(reason: "\(lost)")
        } catch {
            let permanent = Self.isPermanent(error)
            let final = permanent || job.attempts >= job.maxAttempts
            let reason = "\(error)"
            let mail = try recordings.transferRow(id: payload.recordingId)?.mailTo
            try recordings.noteFailedAttempt(id: payload.recordingId, reason: reason, final: final, mail: mail,
                                             lease: job.lease, now: Date())
            // A recording given up on must not hold spool space until someone retries it.
            if final, let spoolDirectory, let fileID = try recordings.zoomFileID(id: payload.recordingId) {
                SpoolFile.remove(directory: spoolDirectory, zoomFileID: fileID)
            }
            logger.warning("recording \(payload.recordingId): attempt \(job.attempts) failed: \(reason)",
                           metadata: final ? ["final": "true"] : [:])
            return permanent ? .failed(reason: reason) : .retry(reason: reason)
        }
    }

    /// Drive said no for a reason no retry changes (a 4xx other than rate limits and
    /// expired sessions, which ``DriveClient`` and the pipeline handle themselves), Zoom's API
    /// does not confirm the file, or its download URL is not one recordings may come from.
    static func isPermanent(_ error: Error) -> Bool {
        if error is RecordingNotConfirmed { return true }
        if case ZoomDownloadError.forbiddenURL = error { return true }
        if case DriveError.refused(let status, _, _) = error { return status != 404 && status != 408 }
        return false
    }
}

/// Told where the upload of a file stands: its Zoom file id, the bytes Drive holds, the file's size.
public typealias UploadProgressObserver = @Sendable (_ zoomFileID: String, _ bytesOnDrive: Int64, _ total: Int64) -> Void

/// Why the pipeline cannot run at all.
enum TransferSetupError: Error, CustomStringConvertible {
    case driveNotConfigured

    var description: String {
        "Google Drive is not configured: set GOOGLE_SERVICE_ACCOUNT_FILE and DRIVE_ROOT_FOLDER_ID"
    }
}
