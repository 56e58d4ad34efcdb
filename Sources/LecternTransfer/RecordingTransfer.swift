import Foundation
import LecternCore
import LecternCrypto
import LecternDrive
import LecternHTTPClient
import LecternPool
import LecternStore
import LecternZoom
import Logging

/// Moves one recording file from Zoom to Drive (SPEC §8): the download streams into the spool
/// (hashed behind it) while the upload sends what has arrived, a chunk at a time, over a resumable
/// session whose URI, confirmed offset and folder are stored after every chunk; the chunk that
/// completes the Drive file waits until the download proved complete. Then size and MD5 are
/// verified, the row becomes `ready` (with the meeting's mail when it was its last file), the
/// Zoom copy is trashed and the spool file removed. Every step starts from what the last
/// attempt left, and every state write names the job's lease: a transfer whose lease was lost
/// stops before its next chunk and changes nothing.
///
/// Three threads work on one file: the download on a thread of its own, the MD5 on another
/// behind it (``SpoolHasher``), the upload on the caller's. The download and the upload share
/// the database connection under ``dbLock``; Zoom is the download's, Drive the upload's.
final class RecordingTransfer {
    let db: Connection
    let zoom: ZoomClientSource
    let downloader: ZoomDownloader
    let drive: Drive
    let sharedDrive: SharedDriveID
    let box: SecretBox
    let settings: TransferSettings
    let logger: Logger
    let progress: UploadProgressObserver?
    let clock: () -> Date
    let sleep: (TimeInterval) -> Void
    /// Seconds a download may spend retrying transient failures before the attempt fails (SPEC §8).
    let retryBudget: TimeInterval = 60
    let backoff = RetryBackoff(base: 1, cap: 16)
    /// Serialises the two threads' use of ``db`` (and of Zoom clients, which may read it).
    private let dbLock = NSLock()

    init(db: Connection, zoom: ZoomClientSource, downloader: ZoomDownloader, drive: Drive, sharedDrive: SharedDriveID,
         box: SecretBox, settings: TransferSettings, logger: Logger, progress: UploadProgressObserver? = nil,
         clock: @escaping () -> Date = Date.init, sleep: @escaping (TimeInterval) -> Void = Thread.sleep) {
        self.db = db
        self.zoom = zoom
        self.downloader = downloader
        self.drive = drive
        self.sharedDrive = sharedDrive
        self.box = box
        self.settings = settings
        self.logger = logger
        self.progress = progress
        self.clock = clock
        self.sleep = sleep
    }

    var recordings: RecordingRepository { RecordingRepository(db) }

    /// Runs `body` with the database to itself.
    private func store<T>(_ body: () throws -> T) rethrows -> T {
        dbLock.lock()
        defer { dbLock.unlock() }
        return try body()
    }

    /// Runs the steps until the file is on Drive (`.done`) or Zoom has lost it (`.cancelled`).
    /// - Throws: ``JobLeaseLost`` when another process took the job over.
    func run(recordingID: Int64, lease: JobLease) throws -> JobOutcome {
        // Each pass makes progress (the transfer, then the clean-up); a fourth means the state is stuck.
        for _ in 0..<4 {
            try lease.check()
            guard let row = try recordings.transferRow(id: recordingID) else {
                return .failed(reason: "recording \(recordingID) no longer exists")
            }
            let spooled = SpoolFile.existingSize(directory: settings.spoolDirectory, zoomFileID: row.zoomFileID)
            let step = TransferStep.next(.init(status: row.status, fileSize: row.fileSize, spoolBytes: spooled,
                                               downloadedMD5: row.downloadedMD5,
                                               hasUploadSession: row.uploadSessionSealed != nil))
            switch step {
            case .finished:
                try finish(row, lease: lease)
                return .done
            case .abandoned:
                removeSpool(row)
                return .cancelled(reason: "the recording was deleted in Zoom before it was copied")
            case .download(let offset):
                guard try transfer(row, downloadingFrom: offset, lease: lease) else {
                    try recordings.markLostInZoom(id: row.id, now: clock(), lease: lease)
                    removeSpool(row)
                    return .cancelled(reason: "Zoom no longer has the recording file")
                }
            case .upload(let resuming):
                guard let md5 = row.downloadedMD5, let size = spooled else { throw TransferError.noProgress }
                try recordings.advance(id: row.id, to: .uploading, lease: lease)
                try upload(row, from: .complete(size: size, md5: md5), resumingSession: resuming, lease: lease)
            }
        }
        throw TransferError.noProgress
    }

    // MARK: Both halves at once

    /// Downloads into the spool from `offset` on a thread of its own while this thread uploads
    /// what has arrived; `false` when Zoom no longer has the file (nothing was completed on Drive).
    private func transfer(_ row: RecordingTransferRow, downloadingFrom offset: Int64, lease: JobLease) throws -> Bool {
        let row = try store {
            try recordings.advance(id: row.id, to: .downloading, lease: lease)
            try recordings.clearDownloaded(id: row.id, lease: lease)
            return try RecordingConfirmation(zoom: zoom, box: box, recordings: recordings, clock: clock).confirm(row, lease: lease)
        }
        let feed = SpoolFeed()
        let downloaded = DispatchSemaphore(value: 0)
        let thread = Thread { [self] in
            defer { downloaded.signal() }
            do {
                if let complete = try download(row, from: offset, into: feed, lease: lease) {
                    feed.finish(.success(complete))
                } else {
                    feed.finish(.failure(TransferError.lostInZoom))
                }
            } catch {
                feed.finish(.failure(error))
            }
        }
        thread.name = "download"
        thread.start()
        do {
            try upload(row, from: feed, resumingSession: row.uploadSessionSealed != nil, lease: lease)
        } catch {
            feed.cancel()
            downloaded.wait()
            if case TransferError.lostInZoom? = feed.failure { return false }
            throw error
        }
        downloaded.wait()
        return true
    }

    // MARK: Download

    /// Fills the spool file, feeding `feed` as bytes are written and hashed (by a ``SpoolHasher``
    /// behind the writer), and stores the MD5; `nil` when Zoom no longer has the file.
    /// Transient failures are retried within the attempt, resuming from what arrived.
    private func download(_ row: RecordingTransferRow, from offset: Int64, into feed: SpoolFeed,
                          lease: JobLease) throws -> SpoolFeed.Complete? {
        guard var link = try store({ try downloadLink(row, refresh: false, lease: lease) }) else { return nil }
        let spool = try SpoolFile(directory: settings.spoolDirectory, zoomFileID: row.zoomFileID)
        try spool.truncate(to: offset)
        try checkSpace(needed: row.fileSize - offset)
        let started = clock()
        let deadline = started.addingTimeInterval(retryBudget)
        // The upload may send what is written and hashed: the hasher says how far that is.
        let hasher = SpoolHasher(spool: spool, written: offset, bufferSize: min(settings.chunkSize, 1 << 20),
                                 progress: feed.advance(to:))
        defer { hasher.stop() }
        var written = offset
        // Bytes `0..<length` are in the spool; said before truncating when going back.
        func reached(_ length: Int64) {
            written = length
            hasher.follow(to: length)
        }
        var start = offset
        var tries = 0
        var refreshed = false
        let receiver = ZoomDownloader.Receiver(
            restart: {
                reached(0)
                try spool.truncate(to: 0)
            },
            append: { bytes in
                // The upload gave up, or another process owns the job now: stop taking bytes.
                if feed.isCancelled { throw TransferError.uploadStopped }
                try lease.check()
                try spool.append(bytes)
                reached(written + Int64(bytes.count))
            })
        while true {
            tries += 1
            do {
                try downloader.download(url: link.url, token: link.token, resumeFrom: start, expectedSize: row.fileSize,
                                        into: receiver)
                break
            } catch ZoomDownloadError.refused(let status, _) where [401, 403, 404].contains(status) && !refreshed {
                // The token expired, or the link did: ask Zoom for fresh ones, which also
                // tells whether it still has the file; then on from what arrived.
                refreshed = true
                guard let fresh = try store({ try downloadLink(row, refresh: true, lease: lease) }) else { return nil }
                link = fresh
            } catch let error as ZoomDownloadError where error.isTransient {
                guard pause(afterTry: tries, until: deadline) else { throw error }
                logger.info("recording \(row.id): download retried: \(error)")
            }
            start = SpoolFile.existingSize(directory: settings.spoolDirectory, zoomFileID: row.zoomFileID) ?? 0
            if row.fileSize > 0, start > row.fileSize { start = 0 }
            reached(start)
            try spool.truncate(to: start)
        }
        let seconds = max(clock().timeIntervalSince(started), 0.001)
        let (size, md5) = try hasher.finish()
        let hashedAfter = max(clock().timeIntervalSince(started), 0.001) - seconds
        let complete = SpoolFeed.Complete(size: size, md5: md5)
        // The download proved complete: the upload may send its last chunk (verified against
        // this MD5) while the spool file goes to disk, which a later attempt relies on.
        feed.finish(.success(complete))
        try spool.sync()
        try store { try recordings.saveDownloaded(id: row.id, md5: md5, lease: lease) }
        let timing = "\(String(format: "%.1f", seconds)) s, hashed \(String(format: "%.1f", hashedAfter)) s later"
        logger.info("recording \(row.id): downloaded \(size - offset) bytes in \(timing)",
                    metadata: ["file": "\(row.zoomFileID)", "resumed_at": "\(offset)"])
        return complete
    }

    /// Sleeps before the next try within the attempt; `false` when the budget is spent.
    private func pause(afterTry tries: Int, until deadline: Date) -> Bool {
        let delay = backoff.delay(afterAttempt: tries, jitter: Double.random(in: 0..<1))
        guard clock().addingTimeInterval(delay) < deadline else { return false }
        sleep(delay)
        return true
    }

    /// The URL and token to download with: the webhook's while valid, else fresh ones from
    /// `GET /meetings/{uuid}/recordings`; `nil` when Zoom no longer lists the file.
    private func downloadLink(_ row: RecordingTransferRow, refresh: Bool,
                              lease: JobLease) throws -> (url: String, token: String)? {
        if !refresh, let url = row.downloadURL, let sealed = row.downloadTokenSealed,
           let expiry = row.downloadTokenExpiresAt, expiry > clock().addingTimeInterval(60),
           let token = try? box.open(sealed, .recordingDownloadToken, rowID: row.id) {
            return (url, token)
        }
        let recordings: ZoomMeetingRecordings
        do {
            recordings = try zoom.client(appID: row.appID ?? ZoomAppRepository.environmentAppID)
                .meetingRecordings(uuid: row.meetingUUID)
        } catch let error as ZoomError where error.status == 404 {
            return nil
        }
        guard let file = recordings.recordingFiles?.first(where: { $0.id == row.zoomFileID }),
              let url = file.downloadUrl else { return nil }
        guard let token = recordings.downloadAccessToken else {
            throw ZoomError.badResponse("no download_access_token for meeting recordings")
        }
        // Zoom's download tokens live 24 hours; refresh well before.
        try self.recordings.refreshDownloadLink(id: row.id, url: url, tokenSealed: box.seal(token, .recordingDownloadToken, rowID: row.id),
                                                expiresAt: clock().addingTimeInterval(23 * 3600), lease: lease)
        return (url, token)
    }

    private func checkSpace(needed: Int64) throws {
        // Keep a margin so that a full disk never takes the database or logs down with it.
        let margin: Int64 = 64 << 20
        guard let free = SpoolFile.freeBytes(directory: settings.spoolDirectory) else { return }
        if free < needed + margin { throw SpoolError.noSpace(needed: needed + margin, free: free) }
    }

    // MARK: Upload

    /// Uploads the spool file as `feed` fills it: each chunk once its bytes are there, the one
    /// that completes the Drive file once the download proved complete. Resumes the stored
    /// session in its folder when there is one; else files a new one where the row belongs
    /// now, unless the shared drive holds a verified copy already.
    private func upload(_ row: RecordingTransferRow, from feed: SpoolFeed, resumingSession: Bool,
                        lease: JobLease) throws {
        try lease.check()
        // Zoom said how big the file is (else the download will): a session needs the length.
        let total = row.fileSize > 0 ? row.fileSize : try feed.waitForCompletion().size
        if let completed = feed.completed, completed.size != total { throw TransferError.spoolShort }
        var session = resumingSession ? row.uploadSessionSealed.flatMap { try? box.open($0, .recordingUploadSession, rowID: row.id) } : nil
        var folderID = row.driveFolderID
        var state: DriveUploadProgress = .incomplete(received: 0)
        if let open = session {
            do {
                state = try drive.uploadStatus(session: open, total: total)
            } catch DriveError.uploadSessionGone {
                session = nil
            }
        }
        if session == nil || folderID == nil {
            session = nil
            folderID = try store { try DriveFolders(db: db, drive: drive, rootID: settings.rootFolderID)
                .folderID(path: row.placement.folderPath) }
            if try foundCopy(row, feed: feed, total: total, lease: lease) { return }
        }
        guard let folderID else { throw TransferError.noProgress }
        let uploadSession: String
        if let session {
            uploadSession = session
        } else {
            let placement = row.placement
            let metadata = DriveUploadMetadata(name: placement.fileName, parentID: folderID, mimeType: placement.mimeType,
                                               zoomFileID: row.zoomFileID)
            uploadSession = try drive.startUpload(metadata, contentLength: total)
            state = .incomplete(received: 0)
            try store {
                try recordings.saveUploadSession(id: row.id, sealed: box.seal(uploadSession, .recordingUploadSession, rowID: row.id), confirmedOffset: 0,
                                                 folderID: folderID, lease: lease)
            }
        }
        let sealedSession = box.seal(uploadSession, .recordingUploadSession, rowID: row.id)
        // An empty file has no chunk to send: once the download proved it empty, the status query completes it (`bytes */0`).
        if total == 0, case .incomplete = state {
            guard try feed.waitForCompletion().size == 0 else { throw TransferError.spoolShort }
            state = try drive.uploadStatus(session: uploadSession, total: 0)
        }
        let spool = try SpoolFile(directory: settings.spoolDirectory, zoomFileID: row.zoomFileID)
        var buffer = [UInt8](repeating: 0, count: settings.chunkSize)
        while case .incomplete(let received) = state {
            progress?(row.zoomFileID, received, total)
            let length = Int(min(Int64(settings.chunkSize), total - received))
            guard length > 0 else { throw DriveError.badResponse("the server wants bytes past the end of the file") }
            if received + Int64(length) == total {
                // This chunk completes the Drive file: only a download that proved complete may.
                guard try feed.waitForCompletion().size == total else { throw TransferError.spoolShort }
            } else {
                try feed.wait(forBytes: received + Int64(length))
            }
            // A lease lost while waiting or sending: the job's new holder goes on from Drive's offset.
            try lease.check()
            let count = try buffer.withUnsafeMutableBytes {
                try spool.read(at: received, into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<length]))
            }
            guard count == length else { throw TransferError.spoolShort }
            do {
                // A full chunk goes as it is; only the shorter last one is copied.
                let chunk = count == buffer.count ? buffer : Array(buffer[0..<count])
                state = try drive.uploadChunk(session: uploadSession, bytes: chunk, offset: received, total: total)
            } catch DriveError.uploadSessionGone {
                try store {
                    try recordings.saveUploadSession(id: row.id, sealed: nil, confirmedOffset: 0, folderID: nil, lease: lease)
                }
                throw DriveError.uploadSessionGone
            }
            if case .incomplete(let now) = state {
                try store {
                    try recordings.saveUploadSession(id: row.id, sealed: sealedSession, confirmedOffset: now,
                                                     folderID: folderID, lease: lease)
                }
            }
        }
        guard case .complete(let file) = state else { return }
        progress?(row.zoomFileID, total, total)
        let checksum = try feed.waitForCompletion().md5
        guard try verified(file, size: total, md5: checksum) else {
            try store {
                try recordings.saveUploadSession(id: row.id, sealed: nil, confirmedOffset: 0, folderID: nil, lease: lease)
            }
            throw TransferError.verificationFailed(fileSize: file.size, md5: file.md5Checksum)
        }
        try markReady(row, file: file, folderID: folderID, md5: checksum, lease: lease)
    }

    /// Whether a verified copy of the file is on the shared drive already, wherever it is
    /// filed (an earlier attempt finished the upload but not the bookkeeping, perhaps before a
    /// rename); it is recorded when there is. Looks in the whole shared drive that holds the
    /// root (`corpora=drive`), or in the root's tree only when the root is in none.
    private func foundCopy(_ row: RecordingTransferRow, feed: SpoolFeed, total: Int64, lease: JobLease) throws -> Bool {
        let existing: DriveFile?
        if let driveID = try sharedDrive.id(of: settings.rootFolderID, drive: drive) {
            existing = try drive.findFile(zoomFileID: row.zoomFileID, inSharedDrive: driveID)
        } else {
            let folderID = try store { try DriveFolders(db: db, drive: drive, rootID: settings.rootFolderID)
                .folderID(path: row.placement.folderPath) }
            existing = try drive.findFile(zoomFileID: row.zoomFileID, in: folderID)
        }
        guard let existing else { return false }
        // Only the whole download says whether the copy is right.
        let checksum = try feed.waitForCompletion().md5
        guard try verified(existing, size: total, md5: checksum) else { return false }
        try markReady(row, file: existing, folderID: existing.parents?.first ?? "", md5: checksum, lease: lease)
        return true
    }

    /// Whether Drive's copy has the local size and MD5; a copy that does not is trashed.
    private func verified(_ file: DriveFile, size: Int64, md5: String) throws -> Bool {
        var checked = file
        if checked.size == nil || checked.md5Checksum == nil { checked = try drive.file(id: file.id) }
        if checked.size == size, checked.md5Checksum?.lowercased() == md5.lowercased() { return true }
        logger.warning("Drive copy does not match the download; trashing it",
                       metadata: ["drive_file": "\(file.id)", "size": "\(checked.size ?? -1)", "expected": "\(size)"])
        try drive.trash(fileID: file.id)
        return false
    }

    /// Records the verified copy as `ready` and, in the same transaction, queues the
    /// meeting's mail when this was its last file to move.
    private func markReady(_ row: RecordingTransferRow, file: DriveFile, folderID: String, md5: String,
                           lease: JobLease) throws {
        let link = file.webViewLink ?? "https://drive.google.com/file/d/\(file.id)/view"
        let copy = RecordingRepository.VerifiedCopy(driveFileID: file.id, folderID: folderID, webViewLink: link, md5: md5,
                                                    availableUntil: settings.availableUntil(from: clock()))
        let queued = try store {
            try recordings.markReady(id: row.id, copy: copy, mail: row.mailTo, lease: lease, now: clock())
        }
        logger.info("recording \(row.id) is on Drive", metadata: ["file": "\(row.zoomFileID)", "drive_file": "\(file.id)"])
        if queued > 0 { logger.info("recording \(row.id): its meeting is on Drive; \(queued) students notified") }
    }

    // MARK: After the copy

    /// Applies `LECTERN_ZOOM_AFTER_TRANSFER` once, then drops the spool file.
    private func finish(_ row: RecordingTransferRow, lease: JobLease) throws {
        if row.status == .ready, row.deletedInZoomAt == nil, settings.afterTransfer != .keep {
            let deletion: ZoomRecordingDeletion = settings.afterTransfer == .delete ? .delete : .trash
            do {
                try zoom.client(appID: row.appID ?? ZoomAppRepository.environmentAppID)
                    .deleteRecordingFile(meetingUUID: row.meetingUUID, fileID: row.zoomFileID, deletion)
            } catch let error as ZoomError where error.status == 404 {
                logger.info("recording \(row.id) was already gone from Zoom")
            }
            try recordings.noteDeletedInZoom(id: row.id, now: clock(), lease: lease)
        }
        removeSpool(row)
    }

    private func removeSpool(_ row: RecordingTransferRow) {
        SpoolFile.remove(directory: settings.spoolDirectory, zoomFileID: row.zoomFileID)
    }
}

/// A transfer that cannot go on in this attempt.
enum TransferError: Error, CustomStringConvertible {
    case noProgress
    case spoolShort
    case verificationFailed(fileSize: Int64?, md5: String?)
    /// Zoom no longer has the file (the download learned it; the upload stops).
    case lostInZoom
    /// The upload gave up, so the download stopped too.
    case uploadStopped

    var description: String {
        switch self {
        case .noProgress: return "the transfer made no progress"
        case .spoolShort: return "the spool file is shorter than the download it holds"
        case .lostInZoom: return "Zoom no longer has the recording file"
        case .uploadStopped: return "the download stopped because the upload did"
        case .verificationFailed(let size, let md5):
            return "the Drive copy did not match the download (size \(size.map(String.init) ?? "?"), md5 \(md5 ?? "?"))"
        }
    }
}
