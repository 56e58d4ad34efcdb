import ArgumentParser
import Foundation
import LecternAPI
import LecternProcess
import Logging

/// `lectern status`: the status page's figures, read from the scoreboard and the database.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show the pool's status (as the status page does), as JSON.")

    @OptionGroup var options: ConfigOptions

    func run() throws {
        try runReportingErrors {
            let config = try options.load()
            LineLogHandler.bootstrap(level: .critical)
            let pool = try? Scoreboard.openForReading(path: config.scoreboardPath).status()
            let db = try config.databaseConnection(logger: Logger(label: "status"))
            defer { db.close() }
            print(String(decoding: StatusReport.json(pool: pool?.masterAlive == true ? pool : nil, db: db), as: UTF8.self))
            if pool?.masterAlive != true {
                throw CommandFailure("no running master found (scoreboard \(config.scoreboardPath))")
            }
        }
    }
}
