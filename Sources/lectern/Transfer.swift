import ArgumentParser
import Foundation
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
            let process = TransferProcess(db: db, handlers: [], logger: logger) {
                (try? config.databaseConnection(logger: logger)) ?? db
            }
            process.run()
            db.close()
        }
    }
}
