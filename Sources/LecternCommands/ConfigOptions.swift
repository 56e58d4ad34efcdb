import ArgumentParser
import Foundation
import LecternCore
import LecternProcess
import LecternStore
import Logging

/// `--config FILE`, accepted by every command: an env file whose values the real
/// environment overrides.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "An environment file (NAME=value lines) to read settings from.")
    var config: String?

    func load() throws -> Configuration {
        var variables: [String: String] = [:]
        if let config {
            let text: String
            do { text = try String(contentsOfFile: config, encoding: .utf8) } catch {
                throw ConfigurationError.unreadable(config, "no such readable file")
            }
            variables = try EnvironmentFile.parse(text)
        }
        variables.merge(ProcessInfo.processInfo.environment) { _, real in real }
        return try Configuration(environment: variables, cores: ProcessInfo.processInfo.activeProcessorCount) { path in
            try String(contentsOfFile: path, encoding: .utf8)
        }
    }

    /// Arguments that make a child read the same configuration.
    var childArguments: [String] {
        guard let config else { return [] }
        let absolute = config.hasPrefix("/") ? config : FileManager.default.currentDirectoryPath + "/" + config
        return ["--config", absolute]
    }
}

extension Configuration {
    /// Starts logging at the configured level for this process.
    func bootstrapLogging() {
        let level = Logger.Level(rawValue: logLevel.rawValue) ?? .info
        LineLogHandler.bootstrap(level: level)
    }

    func databaseConnection(logger: Logger) throws -> Connection {
        let url = try DatabaseURL(parsing: try require(databaseURL, "LECTERN_DB_URL"))
        return Connection(url: url, logger: logger)
    }

    /// The scoreboard file, beside a Unix socket, or for TCP in ``scoreboardDirectory``.
    var scoreboardPath: String {
        switch listen {
        case .unix(let path): return path + ".scoreboard"
        case .tcp(let host, let port): return scoreboardDirectory! + "/lectern-\(host)-\(port).scoreboard"
        }
    }

    /// For TCP, a directory of this user's own in the temp directory (mode 0700, made by
    /// `serve`), so that no other local user can plant or read the file.
    var scoreboardDirectory: String? {
        guard case .tcp = listen else { return nil }
        return NSTemporaryDirectory() + "lectern-\(getuid())"
    }
}
