import ArgumentParser
import Foundation
import LecternCore
import LecternHTTPClient
import LecternStore
import LecternZoom
import LecternPool
import LecternProcess
import LecternTransfer
import Logging

/// `lectern transfer`: claims jobs from the shared queue; the master runs one, other hosts may run more.
struct Transfer: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a transfer process: claim and run due jobs until SIGTERM.")

    @OptionGroup var options: ConfigOptions

    @Flag(help: .hidden)
    var supervised = false

    func run() throws {
        try runReportingErrors {
            StopSignal.install()
            let config = try options.load()
            config.bootstrapLogging()
            let logger = Logger(label: "transfer")
            let db = try config.databaseConnection(logger: logger)
            do {
                try EnvironmentApp.sync(configuration: config, db: db)
            } catch {
                logger.warning("cannot store the pool's Zoom app (app #1) from ZOOM_*", metadata: ["error": "\(error)"])
            }
            if config.googleServiceAccountFile == nil || config.driveRootFolderID == nil {
                logger.warning("recordings are not moved to Drive: GOOGLE_SERVICE_ACCOUNT_FILE and DRIVE_ROOT_FOLDER_ID are not both set")
            }
            // LECTERN_TRANSFER_CONCURRENCY loops, each with its own connection and clients;
            // the first also enqueues the periodic duties.
            let lanes = try (0..<max(1, config.transferConcurrency)).map { lane in
                let connection = lane == 0 ? db : try config.databaseConnection(logger: logger)
                return try transferProcess(config: config, db: connection, logger: logger, schedulesDuties: lane == 0)
            }
            let finished = DispatchGroup()
            for lane in lanes.dropFirst() {
                finished.enter()
                Thread.detachNewThread {
                    lane.run()
                    finished.leave()
                }
            }
            lanes[0].run()
            finished.wait()
            db.close()
        }
    }

    /// One loop claiming jobs, with every handler this version of Lectern has.
    private func transferProcess(config: Configuration, db: Connection, logger: Logger,
                                 schedulesDuties: Bool) throws -> TransferProcess {
        let zoomApps = try ZoomApps(db: db, configuration: config, transport: HTTPClient())
        let drive = try config.driveClient()
        let handlers: [JobHandler] = [
            ReleaseStuckHostsJob(sweep: StuckHostSweep(db: db, apps: zoomApps, logger: logger), logger: logger),
            try config.recordingTransferHandler(db: db, zoomApps: zoomApps, drive: drive,
                                                settings: drive == nil ? nil : try TransferSettings(config), logger: logger),
            RetentionJob(db: db, drive: drive, logger: logger),
            ReconcileRecordingsJob(db: db, zoom: zoomApps, fileTypes: config.fileTypes, logger: logger),
        ]
        let scheduler = schedulesDuties ? DutyScheduler(duties: [
            .init(kind: ReleaseStuckHostsJob.kind, interval: ReleaseStuckHostsJob.interval),
            .init(kind: RetentionJob.kind, interval: RetentionJob.interval),
            .init(kind: ReconcileRecordingsJob.kind, interval: ReconcileRecordingsJob.interval),
        ]) : nil
        return TransferProcess(db: db, handlers: handlers, scheduler: scheduler, logger: logger) {
            (try? config.databaseConnection(logger: logger)) ?? db
        }
    }
}
