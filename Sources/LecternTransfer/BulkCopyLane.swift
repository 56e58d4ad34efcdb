import Foundation
import LecternCore
import LecternStore
import Logging

/// One lane of `lectern zoom2drive --action transfer` (SPEC §9): moves admitted files through
/// the recording pipeline of §8 with a ``TransferProcess`` of its own, claiming each file's job
/// by its dedupe key. A file is never worked on by two processes at once: one that the
/// transfer child (or another lane, or another zoom2drive) holds is waited for, and reported
/// by how it ended.
public final class BulkCopyLane {
    /// How long a lane waits for a file another process is copying before it reports it failed.
    public static let defaultWaitLimit: TimeInterval = 4 * 3600

    let db: Connection
    let process: TransferProcess
    let logger: Logger
    let waitLimit: TimeInterval
    let pollInterval: TimeInterval
    let clock: () -> Date
    let sleep: (TimeInterval) -> Void
    /// The run's `--after`, bound to every job the lane revives or makes.
    let afterTransfer: AfterTransferAction?
    /// When the run began, by the database's clock: a file whose job another process finished
    /// since then was moved by that process during this run, not found on Drive.
    let runStarted: Date?

    /// - Parameters:
    ///   - db: the lane's own connection, the one `process` works with.
    ///   - process: runs the claimed jobs; its handlers carry this run's settings.
    ///   - runStarted: the run's start by the database's clock (`UTC_TIMESTAMP(6)`).
    public init(db: Connection, process: TransferProcess, logger: Logger, afterTransfer: AfterTransferAction? = nil,
                waitLimit: TimeInterval = defaultWaitLimit, pollInterval: TimeInterval = 2, runStarted: Date? = nil,
                clock: @escaping () -> Date = Date.init, sleep: @escaping (TimeInterval) -> Void = Thread.sleep) {
        self.runStarted = runStarted
        self.db = db
        self.afterTransfer = afterTransfer
        self.process = process
        self.logger = logger
        self.waitLimit = waitLimit
        self.pollInterval = pollInterval
        self.clock = clock
        self.sleep = sleep
    }

    /// Moves one file to Drive unless it is there already; never throws, a failure is a result.
    public func transfer(_ file: BulkCopyFile) -> BulkCopyResult {
        do {
            return try move(file)
        } catch {
            logger.warning("zoom2drive: \(file.zoomFileID) failed: \(error)")
            return .failed(reason: "\(error)")
        }
    }

    /// Stops the lane's lease keeper; the connection is its owner's to close.
    public func close() {
        process.close()
    }

    private func move(_ file: BulkCopyFile) throws -> BulkCopyResult {
        let recordings = RecordingRepository(db)
        guard let row = try recordings.intakeState(zoomFileID: file.zoomFileID) else {
            return .failed(reason: "the file was not admitted to the pipeline")
        }
        switch row.status {
        case .ready, .expired:
            return onDrive(row, waitedFor: nil)
        case .deletedInZoom:
            return .gone(reason: "deleted in Zoom before it was copied")
        case .failed:
            // An operator running the migration again wants failed files tried again, as
            // `POST /recordings/{id}/retry/` would: fresh attempts, same row, same resumable state.
            _ = try recordings.requeueFailed(id: row.id, zoomFileID: file.zoomFileID)
        case .pending, .downloading, .uploading:
            break
        }
        let key = RecordingTransferJob.dedupeKey(zoomFileID: file.zoomFileID)
        let payload = RecordingTransferJob.payload(recordingID: row.id, afterTransfer: afterTransfer)
        if afterTransfer != nil { try JobQueue(db).replaceUnfinishedPayload(dedupeKey: key, payload: payload) }
        let deadline = clock().addingTimeInterval(waitLimit)
        var waitedFor: String?
        var enqueued = false
        while true {
            switch try process.claim(dedupeKey: key) {
            case .claimed(let job):
                return Self.result(of: try process.run(job))
            case .running(let holder):
                let other = holder ?? "another process"
                waitedFor = other
                guard clock() < deadline else {
                    return .failed(reason: "still being copied by \(other) after \(TransferProgress.durationText(waitLimit))")
                }
                sleep(pollInterval)
            case .finished(let status, let lastError):
                return try settled(status, lastError: lastError, zoomFileID: file.zoomFileID, waitedFor: waitedFor)
            case .missing:
                // A row whose job is gone (it ended and was cleaned up, or predates the queue).
                guard !enqueued else { return .failed(reason: "its transfer job could not be queued") }
                enqueued = true
                try JobQueue(db).enqueue(kind: RecordingTransferJob.kind, subject: String(row.id),
                                         payload: payload, dedupeKey: key)
            }
        }
    }

    /// What this lane's own attempt came to.
    static func result(of outcome: JobOutcome) -> BulkCopyResult {
        switch outcome {
        case .done:
            return .transferred
        case .cancelled(let reason):
            return .gone(reason: reason)
        case .failed(let reason), .retry(let reason):
            return .failed(reason: reason)
        }
    }

    /// A file found on Drive: moved by another process during this run (the lane waited for
    /// it, or its job ended since the run began under another holder), or there before.
    private func onDrive(_ row: RecordingRepository.IntakeState, waitedFor: String?) -> BulkCopyResult {
        if let waitedFor { return .doneElsewhere(holder: waitedFor) }
        if let runStarted, let finished = row.jobFinishedAt, finished >= runStarted, let holder = row.jobHolder,
           holder != process.holder {
            return .doneElsewhere(holder: holder)
        }
        return .alreadyDone
    }

    /// What a job that ended without this lane came to, judged by its recording.
    private func settled(_ status: JobStatus, lastError: String?, zoomFileID: String,
                         waitedFor: String?) throws -> BulkCopyResult {
        let row = try RecordingRepository(db).intakeState(zoomFileID: zoomFileID)
        switch (status, row?.status) {
        case (.done, .ready), (.done, .expired):
            return row.map { onDrive($0, waitedFor: waitedFor) } ?? .alreadyDone
        case (.done, .deletedInZoom), (.cancelled, _):
            return .gone(reason: lastError ?? row?.lastError ?? "deleted in Zoom before it was copied")
        default:
            return .failed(reason: lastError ?? row?.lastError ?? "its transfer job ended as \(status.rawValue)")
        }
    }
}
