import Foundation
import LecternCore
import LecternHTTPClient
import LecternPool
import LecternStore
import LecternTransfer
import Logging

extension Zoom2DriveCommand {
    /// `--action transfer`: confirm, admit every meeting's files, move them with
    /// `--concurrency` lanes, report. Throws (exit 1) when any file failed.
    func transfer(_ listing: Listing, config: Configuration, db: Connection, logger: Logger) throws {
        let files = listing.inventory.files
        let totals = listing.inventory.totals
        guard !files.isEmpty else {
            if json {
                print(String(decoding: try BulkCopyReport().json(), as: UTF8.self))
            } else {
                print("Nothing to transfer: no completed \(config.fileTypes.joined(separator: ",")) recordings in Zoom.")
            }
            return
        }
        // Everything the pipeline needs is checked before anybody is asked to confirm.
        var settings = try TransferSettings(config)
        if let after { settings.afterTransfer = after }
        guard try config.driveClient() != nil else { throw ConfigurationError.missing("GOOGLE_SERVICE_ACCOUNT_FILE") }
        if !yes { try confirm(listing.inventory, after: settings.afterTransfer) }

        // By the database's clock, like the jobs' finishing times it is compared with.
        let runStarted = try db.query("SELECT UTC_TIMESTAMP(6) AS now").first?.date("now")
        try admit(listing.meetings, config: config, db: db, afterTransfer: settings.afterTransfer)
        // With --json, stdout carries the document alone; progress goes to stderr.
        let line = json ? StatusLine(enabled: isatty(STDERR_FILENO) == 1)
                        : StatusLine(enabled: isatty(STDOUT_FILENO) == 1, stream: stdout)
        let display = TransferDisplay(
            progress: TransferProgress(totalFiles: files.count, totalBytes: totals.bytes, started: Date()), line: line)
        let laneCount = min(concurrency ?? config.transferConcurrency, files.count)
        var connections: [Connection] = []
        defer { connections.forEach { $0.close() } }
        let lanes = try (0..<laneCount).map { _ -> BulkCopyLane in
            let connection = try config.databaseConnection(logger: logger)
            connections.append(connection)
            return try lane(db: connection, config: config, settings: settings, runStarted: runStarted,
                            display: display, logger: logger)
        }
        let pending = Pending(files)
        let finished = DispatchGroup()
        for lane in lanes {
            finished.enter()
            Thread.detachNewThread {
                while let file = pending.next() {
                    display.finished(file, lane.transfer(file))
                }
                lane.close()
                finished.leave()
            }
        }
        while finished.wait(timeout: .now() + 1) == .timedOut {
            display.tick()
        }
        let report = display.end()
        if json {
            print(String(decoding: try report.json(), as: UTF8.self))
        } else {
            report.summary.forEach { print($0) }
        }
        let failed = report.totals.failed
        if failed > 0 {
            throw CommandFailure("\(failed) of \(files.count) \(files.count == 1 ? "file" : "files") failed")
        }
    }

    /// Reads one line; anything but `yes` stops the command before anything changed.
    private func confirm(_ inventory: BulkCopyInventory, after: AfterTransferAction) throws {
        let totals = inventory.totals
        // Users with nothing to move are in the listing, not in the question.
        let owners = inventory.users.filter { $0.files > 0 }.count
        let then = switch after {
        case .trash: "then moves Zoom's copies to Zoom's trash"
        case .delete: "then deletes Zoom's copies"
        case .keep: "and keeps Zoom's copies"
        }
        let files = "\(totals.files) \(totals.files == 1 ? "file" : "files") (\(ByteSize.human(totals.bytes)))"
        let meetings = "\(totals.meetings) \(totals.meetings == 1 ? "meeting" : "meetings")"
        let users = "\(owners) \(owners == 1 ? "user" : "users")"
        FileHandle.standardError.write(Data(
            "This copies \(files) of \(meetings) of \(users) to Google Drive, \(then). Type yes to transfer \(files): ".utf8))
        guard readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces).lowercased() == "yes" else {
            throw CommandFailure("not confirmed: nothing was transferred")
        }
    }

    /// Each meeting's files become `recordings` rows with a transfer job, exactly as a
    /// `recording.completed` webhook would make them; known files keep their rows. The run's
    /// after-action goes with every job, whichever transfer process moves the file (SPEC §9).
    private func admit(_ meetings: [WebhookRecordings], config: Configuration, db: Connection,
                       afterTransfer: AfterTransferAction) throws {
        let status = StatusLine(enabled: isatty(STDERR_FILENO) == 1)
        defer { status.clear() }
        for (index, meeting) in meetings.enumerated() {
            status.show("admitting meeting \(index + 1) of \(meetings.count)")
            _ = try db.transaction { tx in
                try RecordingRepository(tx).admit(meeting, fileTypes: config.fileTypes,
                                                  appID: ZoomAppRepository.environmentAppID,
                                                  downloadTokenSealed: nil, downloadTokenExpiresAt: nil,
                                                  afterTransfer: afterTransfer)
            }
        }
    }

    /// A lane with its own connection, Zoom and Drive clients and transfer process, which
    /// runs the recording pipeline only, with this run's settings.
    private func lane(db: Connection, config: Configuration, settings: TransferSettings, runStarted: Date?,
                      display: TransferDisplay, logger: Logger) throws -> BulkCopyLane {
        let zoomApps = try ZoomApps(db: db, configuration: config, transport: HTTPClient())
        let handler = try config.recordingTransferHandler(db: db, zoomApps: zoomApps, drive: try config.driveClient(),
                                                          settings: settings, logger: logger) { file, bytes, _ in
            display.moving(file, bytesOnDrive: bytes)
        }
        let process = TransferProcess(db: db, handlers: [handler], label: "zoom2drive", logger: logger) {
            (try? config.databaseConnection(logger: logger)) ?? db
        }
        return BulkCopyLane(db: db, process: process, logger: logger, afterTransfer: settings.afterTransfer,
                             runStarted: runStarted)
    }

    /// The files not yet handed to a lane, shared by the lanes' threads.
    private final class Pending {
        private let lock = NSLock()
        private var files: ArraySlice<BulkCopyFile>

        init(_ files: [BulkCopyFile]) {
            self.files = files[...]
        }

        func next() -> BulkCopyFile? {
            lock.withLock { files.popFirst() }
        }
    }
}
