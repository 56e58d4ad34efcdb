import ArgumentParser
import Foundation
import LecternHTTPClient
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
}
