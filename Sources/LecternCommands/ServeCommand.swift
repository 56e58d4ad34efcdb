import ArgumentParser
import Foundation
import LecternCrypto
import LecternProcess
import LecternStore
import Logging

/// `lectern serve`: the master of the FastCGI pool and the transfer child.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the FastCGI pool: master, workers and the transfer child. SIGHUP reloads, SIGTERM stops.")

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Do not start the co-packaged transfer child.")
    var noTransfer = false

    func run() throws {
        try runReportingErrors {
            let config = try options.load()
            config.bootstrapLogging()
            // Settings the workers need are checked here, so a bad one stops start-up with one line.
            _ = try DatabaseURL(parsing: try config.require(config.databaseURL, "LECTERN_DB_URL"))
            _ = try MasterKey(parsing: try config.require(config.masterKey, "LECTERN_MASTER_KEY"))
            let logger = Logger(label: "master")
            let socket = try ListenSocket.bind(config.listen)
            if let directory = config.scoreboardDirectory { try PrivateDirectory.ensure(directory) }
            let scoreboard = try Scoreboard.create(path: config.scoreboardPath, slots: config.workers * 3 + 2)
            var masterOptions = MasterOptions(workers: config.workers, maxRequests: config.maxRequests,
                                              requestTimeoutSeconds: config.requestTimeoutSeconds)
            masterOptions.runTransferChild = !noTransfer
            let spawner = ChildSpawner(executable: Self.executablePath(), commonArguments: options.childArguments)
            try Master(options: masterOptions, socket: socket, scoreboard: scoreboard, spawner: spawner,
                       logger: logger).run()
            unlink(config.scoreboardPath)
        }
    }

    /// The path this binary was started by, so that a switched `current` symlink takes effect on reload.
    static func executablePath() -> String {
        let invoked = CommandLine.arguments[0]
        if invoked.hasPrefix("/") { return invoked }
        if invoked.contains("/") { return FileManager.default.currentDirectoryPath + "/" + invoked }
        return (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? invoked
    }
}
