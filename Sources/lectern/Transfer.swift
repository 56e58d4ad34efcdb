import ArgumentParser
import Foundation
import LecternCore
import LecternCrypto
import LecternDrive
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
            let zoomApps = try ZoomApps(db: db, configuration: config, transport: HTTPClient())
            let handlers: [JobHandler] = [
                ReleaseStuckHostsJob(sweep: StuckHostSweep(db: db, apps: zoomApps, logger: logger), logger: logger),
                try recordingTransfer(config: config, db: db, zoomApps: zoomApps, logger: logger),
            ]
            let scheduler = DutyScheduler(duties: [
                .init(kind: ReleaseStuckHostsJob.kind, interval: ReleaseStuckHostsJob.interval),
            ])
            let process = TransferProcess(db: db, handlers: handlers, scheduler: scheduler, logger: logger) {
                (try? config.databaseConnection(logger: logger)) ?? db
            }
            process.run()
            db.close()
        }
    }

    /// The recording pipeline; without Drive settings its jobs wait, saying what is missing.
    private func recordingTransfer(config: Configuration, db: Connection, zoomApps: ZoomApps,
                                   logger: Logger) throws -> RecordingTransferHandler {
        let box = SecretBox(key: try MasterKey(parsing: try config.require(config.masterKey, "LECTERN_MASTER_KEY")))
        let transport = HTTPClient()
        var drive: Drive?
        var settings: TransferSettings?
        if let keyFile = config.googleServiceAccountFile, config.driveRootFolderID != nil {
            let key = try ServiceAccountKey(contentsOfFile: keyFile)
            drive = DriveClient(apiBase: config.driveAPIBase, tokens: GoogleTokenSource(key: key, transport: transport),
                                transport: transport)
            settings = try TransferSettings(config)
        } else {
            logger.warning("recordings are not moved to Drive: GOOGLE_SERVICE_ACCOUNT_FILE and DRIVE_ROOT_FOLDER_ID are not both set")
        }
        return RecordingTransferHandler(db: db, zoom: zoomApps, downloader: ZoomDownloader(transport: transport),
                                        drive: drive, box: box, settings: settings, logger: logger)
    }
}
