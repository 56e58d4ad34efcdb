import Foundation
import LecternCore
import LecternCrypto
import LecternDrive
import LecternHTTPClient
import LecternPool
import LecternStore
import LecternZoom
import Logging

/// Moves one recording file from Zoom to Drive (SPEC §8): download into the spool with MD5,
/// resumable upload whose session and confirmed offset are stored after every chunk, size
/// and MD5 verified, then `ready`, then the Zoom copy trashed, the spool file removed and
/// the group's students notified. Every step starts from what the last attempt left.
final class RecordingTransfer {
    let db: Connection
    let zoom: ZoomClientSource
    let downloader: ZoomDownloader
    let drive: Drive
    let box: SecretBox
    let settings: TransferSettings
    let logger: Logger
    let clock: () -> Date
    let sleep: (TimeInterval) -> Void
    /// Seconds a download may spend retrying transient failures before the attempt fails (SPEC §8).
    let retryBudget: TimeInterval = 60
    let backoff = RetryBackoff(base: 1, cap: 16)

    init(db: Connection, zoom: ZoomClientSource, downloader: ZoomDownloader, drive: Drive, box: SecretBox,
         settings: TransferSettings, logger: Logger, clock: @escaping () -> Date = Date.init,
         sleep: @escaping (TimeInterval) -> Void = Thread.sleep) {
        self.db = db
        self.zoom = zoom
        self.downloader = downloader
        self.drive = drive
        self.box = box
        self.settings = settings
        self.logger = logger
        self.clock = clock
        self.sleep = sleep
    }

    var recordings: RecordingRepository { RecordingRepository(db) }

    /// Runs the steps until the file is on Drive (`.done`) or Zoom has lost it (`.cancelled`).
    func run(recordingID: Int64) throws -> JobOutcome {
        // Each pass makes progress (download, then upload); a third pass means the state is stuck.
        for _ in 0..<4 {
            guard let row = try recordings.transferRow(id: recordingID) else {
                return .failed(reason: "recording \(recordingID) no longer exists")
            }
            let spooled = SpoolFile.existingSize(directory: settings.spoolDirectory, zoomFileID: row.zoomFileID)
            let step = TransferStep.next(.init(status: row.status, fileSize: row.fileSize, spoolBytes: spooled,
                                               downloadedMD5: row.downloadedMD5,
                                               hasUploadSession: row.uploadSessionSealed != nil))
            switch step {
            case .finished:
                try finish(row)
                return .done
            case .abandoned:
                removeSpool(row)
                return .cancelled(reason: "the recording was deleted in Zoom before it was copied")
            case .download(let offset):
                guard try download(row, from: offset) else {
                    try recordings.markLostInZoom(id: row.id, now: clock())
                    removeSpool(row)
                    return .cancelled(reason: "Zoom no longer has the recording file")
                }
            case .upload(let resuming):
                try upload(row, resumingSession: resuming)
            }
        }
        throw TransferError.noProgress
    }

    // MARK: Download

    /// Fills the spool file and stores its MD5; `false` when Zoom no longer has the file.
    /// Transient failures are retried within the attempt, resuming from what arrived.
    private func download(_ row: RecordingTransferRow, from offset: Int64) throws -> Bool {
        try recordings.advance(id: row.id, to: .downloading)
        try recordings.clearDownloaded(id: row.id)
        let row = try RecordingConfirmation(zoom: zoom, box: box, recordings: recordings, clock: clock).confirm(row)
        guard var link = try downloadLink(row, refresh: false) else { return false }
        let spool = try SpoolFile(directory: settings.spoolDirectory, zoomFileID: row.zoomFileID)
        try spool.truncate(to: offset)
        try checkSpace(needed: row.fileSize - offset)
        let started = clock()
        let deadline = started.addingTimeInterval(retryBudget)
        var start = offset
        var tries = 0
        var refreshed = false
        var hasher = MD5Stream()
        let receiver = ZoomDownloader.Receiver(
            restart: {
                try spool.truncate(to: 0)
                hasher = MD5Stream()
            },
            append: { bytes in
                try spool.append(bytes)
                hasher.update(bytes)
            })
        while true {
            tries += 1
            hasher = try hashed(spool, upTo: start)
            do {
                try downloader.download(url: link.url, token: link.token, resumeFrom: start, expectedSize: row.fileSize,
                                        into: receiver)
                break
            } catch ZoomDownloadError.refused(let status, _) where [401, 403, 404].contains(status) && !refreshed {
                // The token expired, or the link did: ask Zoom for fresh ones, which also
                // tells whether it still has the file; then on from what arrived.
                refreshed = true
                guard let fresh = try downloadLink(row, refresh: true) else { return false }
                link = fresh
            } catch let error as ZoomDownloadError where error.isTransient {
                guard pause(afterTry: tries, until: deadline) else { throw error }
                logger.info("recording \(row.id): download retried: \(error)")
            }
            start = SpoolFile.existingSize(directory: settings.spoolDirectory, zoomFileID: row.zoomFileID) ?? 0
            if row.fileSize > 0, start > row.fileSize { start = 0 }
            try spool.truncate(to: start)
        }
        try spool.sync()
        try recordings.saveDownloaded(id: row.id, md5: hasher.finalizeHex())
        let seconds = max(clock().timeIntervalSince(started), 0.001)
        logger.info("recording \(row.id): downloaded \(row.fileSize - offset) bytes in \(String(format: "%.1f", seconds)) s",
                    metadata: ["file": "\(row.zoomFileID)", "resumed_at": "\(offset)"])
        return true
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
    private func downloadLink(_ row: RecordingTransferRow, refresh: Bool) throws -> (url: String, token: String)? {
        if !refresh, let url = row.downloadURL, let sealed = row.downloadTokenSealed,
           let expiry = row.downloadTokenExpiresAt, expiry > clock().addingTimeInterval(60),
           let token = try? box.open(sealed) {
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
        try self.recordings.refreshDownloadLink(id: row.id, url: url, tokenSealed: box.seal(token),
                                                expiresAt: clock().addingTimeInterval(23 * 3600))
        return (url, token)
    }

    private func checkSpace(needed: Int64) throws {
        // Keep a margin so that a full disk never takes the database or logs down with it.
        let margin: Int64 = 64 << 20
        guard let free = SpoolFile.freeBytes(directory: settings.spoolDirectory) else { return }
        if free < needed + margin { throw SpoolError.noSpace(needed: needed + margin, free: free) }
    }

    /// MD5 state over the spool file's first `length` bytes.
    private func hashed(_ spool: SpoolFile, upTo length: Int64) throws -> MD5Stream {
        let md5 = MD5Stream()
        var buffer = [UInt8](repeating: 0, count: min(settings.chunkSize, 1 << 20))
        var offset: Int64 = 0
        while offset < length {
            let wanted = Int(min(Int64(buffer.count), length - offset))
            let count = try buffer.withUnsafeMutableBytes {
                try spool.read(at: offset, into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<wanted]))
            }
            guard count > 0 else { break }
            buffer.withUnsafeBytes { md5.update(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            offset += Int64(count)
        }
        return md5
    }

    // MARK: Upload

    private func upload(_ row: RecordingTransferRow, resumingSession: Bool) throws {
        guard let checksum = row.downloadedMD5 else { throw TransferError.noProgress }
        try recordings.advance(id: row.id, to: .uploading)
        let placement = row.placement
        let folderID = try DriveFolders(db: db, drive: drive, rootID: settings.rootFolderID)
            .folderID(path: placement.folderPath)
        let total = SpoolFile.existingSize(directory: settings.spoolDirectory, zoomFileID: row.zoomFileID) ?? 0
        if let existing = try drive.findFile(zoomFileID: row.zoomFileID, in: folderID) {
            // An earlier attempt finished the upload but not the bookkeeping.
            if try verified(existing, size: total, md5: checksum) {
                try markReady(row, file: existing, folderID: folderID, md5: checksum)
                return
            }
        }
        let spool = try SpoolFile(directory: settings.spoolDirectory, zoomFileID: row.zoomFileID)
        var session = resumingSession ? row.uploadSessionSealed.flatMap { try? box.open($0) } : nil
        var progress: DriveUploadProgress = .incomplete(received: 0)
        if let open = session {
            do {
                progress = try drive.uploadStatus(session: open, total: total)
            } catch DriveError.uploadSessionGone {
                session = nil
            }
        }
        let uploadSession: String
        if let session {
            uploadSession = session
        } else {
            let metadata = DriveUploadMetadata(name: placement.fileName, parentID: folderID, mimeType: placement.mimeType,
                                               zoomFileID: row.zoomFileID)
            uploadSession = try drive.startUpload(metadata, contentLength: total)
            progress = .incomplete(received: 0)
            try recordings.saveUploadSession(id: row.id, sealed: box.seal(uploadSession), confirmedOffset: 0)
        }
        let sealedSession = box.seal(uploadSession)
        // An empty file has no chunk to send: the status query completes it (`bytes */0`).
        if total == 0, case .incomplete = progress { progress = try drive.uploadStatus(session: uploadSession, total: 0) }
        var buffer = [UInt8](repeating: 0, count: settings.chunkSize)
        while case .incomplete(let received) = progress {
            let length = Int(min(Int64(settings.chunkSize), total - received))
            guard length > 0 else { throw DriveError.badResponse("the server wants bytes past the end of the file") }
            let count = try buffer.withUnsafeMutableBytes {
                try spool.read(at: received, into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<length]))
            }
            guard count == length else { throw TransferError.spoolShort }
            do {
                // A full chunk goes as it is; only the shorter last one is copied.
                let chunk = count == buffer.count ? buffer : Array(buffer[0..<count])
                progress = try drive.uploadChunk(session: uploadSession, bytes: chunk, offset: received, total: total)
            } catch DriveError.uploadSessionGone {
                try recordings.saveUploadSession(id: row.id, sealed: nil, confirmedOffset: 0)
                throw DriveError.uploadSessionGone
            }
            if case .incomplete(let now) = progress {
                try recordings.saveUploadSession(id: row.id, sealed: sealedSession, confirmedOffset: now)
            }
        }
        guard case .complete(let file) = progress else { return }
        guard try verified(file, size: total, md5: checksum) else {
            try recordings.saveUploadSession(id: row.id, sealed: nil, confirmedOffset: 0)
            throw TransferError.verificationFailed(fileSize: file.size, md5: file.md5Checksum)
        }
        try markReady(row, file: file, folderID: folderID, md5: checksum)
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

    private func markReady(_ row: RecordingTransferRow, file: DriveFile, folderID: String, md5: String) throws {
        let link = file.webViewLink ?? "https://drive.google.com/file/d/\(file.id)/view"
        try recordings.markReady(id: row.id, driveFileID: file.id, folderID: folderID, webViewLink: link, md5: md5,
                                 availableUntil: settings.availableUntil(from: clock()))
        logger.info("recording \(row.id) is on Drive", metadata: ["file": "\(row.zoomFileID)", "drive_file": "\(file.id)"])
        if let lesson = row.lesson, let groupID = lesson.groupID, try notifies(row, lessonID: lesson.id) {
            let queued = try NotificationRepository(db).queueRecordingReady(
                lessonID: lesson.id, groupID: groupID, subject: "Recording of \"\(lesson.title)\" is available",
                body: "The recording of \"\(lesson.title)\" is on the school's Google Drive: \(link)", now: clock())
            if queued > 0 { logger.info("recording \(row.id): \(queued) students notified") }
        }
    }

    /// Students hear once per lesson: about the video, or the first file when there is no video.
    private func notifies(_ row: RecordingTransferRow, lessonID: Int64) throws -> Bool {
        if row.fileType.uppercased() == "MP4" { return true }
        return try !recordings.lessonHasVideo(lessonID: lessonID)
    }

    // MARK: After the copy

    /// Applies `LECTERN_ZOOM_AFTER_TRANSFER` once, then drops the spool file.
    private func finish(_ row: RecordingTransferRow) throws {
        if row.status == .ready, row.deletedInZoomAt == nil, settings.afterTransfer != .keep {
            let deletion: ZoomRecordingDeletion = settings.afterTransfer == .delete ? .delete : .trash
            do {
                try zoom.client(appID: row.appID ?? ZoomAppRepository.environmentAppID)
                    .deleteRecordingFile(meetingUUID: row.meetingUUID, fileID: row.zoomFileID, deletion)
            } catch let error as ZoomError where error.status == 404 {
                logger.info("recording \(row.id) was already gone from Zoom")
            }
            try recordings.noteDeletedInZoom(id: row.id, now: clock())
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

    var description: String {
        switch self {
        case .noProgress: return "the transfer made no progress"
        case .spoolShort: return "the spool file is shorter than the download it holds"
        case .verificationFailed(let size, let md5):
            return "the Drive copy did not match the download (size \(size.map(String.init) ?? "?"), md5 \(md5 ?? "?"))"
        }
    }
}
