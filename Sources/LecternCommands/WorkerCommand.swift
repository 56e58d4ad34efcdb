import ArgumentParser
import Foundation
import LecternAPI
import LecternProcess
import Logging

/// `lectern worker`: one responder of the pool; started by the master only.
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "Internal: a worker process of the pool (started by `serve`).",
        shouldDisplay: false)

    @OptionGroup var options: ConfigOptions

    @Option(help: "The worker's scoreboard slot.")
    var slot: Int

    func run() throws {
        try runReportingErrors {
            StopSignal.install()
            let config = try options.load()
            config.bootstrapLogging()
            let logger = Logger(label: "worker")
            let scoreboard = try Worker.inheritedScoreboard()
            let db = try config.databaseConnection(logger: logger)
            var drive: DriveAccess?
            do {
                drive = try config.driveAccess()
            } catch {
                logger.warning("recordings cannot be streamed: the Google service account is unusable", metadata: ["error": "\(error)"])
            }
            let application = Application(db: db, configuration: config,
                                          services: Services(poolStatus: { scoreboard.status() }, drive: drive), logger: logger)
            let worker = Worker(slot: slot, scoreboard: scoreboard, maxRequests: config.maxRequests,
                                slowRequestSeconds: config.slowRequestSeconds, logger: logger)
            let code = worker.run(handler: application)
            db.close()
            Foundation.exit(code)
        }
    }
}
