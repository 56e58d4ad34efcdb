import ArgumentParser
import Foundation
import LecternCore
import LecternHTTPClient
import LecternStore
import LecternZoom
import LecternPool
import LecternProcess
import LecternSMTP
import LecternTransfer
import Logging

/// `lectern transfer`: claims jobs from the shared queue; the master runs one, other hosts may run more.
struct TransferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfer",
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
            if let mail = try config.mailSettings() {
                logger.info("notifications are mailed through \(mail.server) as \(mail.from)")
            } else {
                logger.info("notifications stay in the outbox: LECTERN_SMTP_URL is not set")
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
        // Each loop has its own SMTP connection, like its own database connection.
        let mail = try config.mailSettings().map { settings in
            let client = SMTPClient(server: settings.server)
            return SendNotificationsJob.Mail(transport: client, from: settings.from, sendTimeout: client.totalTimeout)
        }
        let handlers: [JobHandler] = [
            ReleaseStuckHostsJob(sweep: StuckHostSweep(db: db, apps: zoomApps, logger: logger), logger: logger),
            try config.recordingTransferHandler(db: db, zoomApps: zoomApps, drive: drive,
                                                settings: drive == nil ? nil : try TransferSettings(config), logger: logger),
            RetentionJob(db: db, drive: drive, logger: logger),
            HousekeepingJob(db: db, logger: logger),
            FinishEventsJob(db: db, logger: logger),
            ReconcileRecordingsJob(db: db, zoom: zoomApps, fileTypes: config.fileTypes, logger: logger),
            SendNotificationsJob(db: db, mail: mail, logger: logger),
            DriveSharingJob(db: db, drive: try config.driveSharingClient(), rootFolderID: config.driveRootFolderID,
                            mode: config.driveSharing, logger: logger),
        ]
        var duties: [DutyScheduler.Duty] = [
            .init(kind: ReleaseStuckHostsJob.kind, interval: ReleaseStuckHostsJob.interval),
            .init(kind: RetentionJob.kind, interval: RetentionJob.interval),
            .init(kind: HousekeepingJob.kind, interval: HousekeepingJob.interval),
            .init(kind: FinishEventsJob.kind, interval: FinishEventsJob.interval),
            .init(kind: ReconcileRecordingsJob.kind, interval: ReconcileRecordingsJob.interval),
        ]
        if config.driveSharing == .groups {
            duties.append(.init(kind: DriveSharingRequest.kind, interval: DriveSharingRequest.interval))
        }
        // Outbox only without SMTP: nothing to send, so no job a minute either.
        if mail != nil { duties.append(.init(kind: SendNotificationsJob.kind, interval: SendNotificationsJob.interval)) }
        let scheduler = schedulesDuties ? DutyScheduler(duties: duties) : nil
        return TransferProcess(db: db, handlers: handlers, scheduler: scheduler, logger: logger) {
            (try? config.databaseConnection(logger: logger)) ?? db
        }
    }
}
