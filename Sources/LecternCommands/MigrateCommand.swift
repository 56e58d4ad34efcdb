import ArgumentParser
import LecternCrypto
import LecternPool
import LecternStore
import Logging

/// `lectern migrate`: creates or upgrades the schema; running it again changes nothing.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Create or upgrade the database schema (idempotent).")

    @OptionGroup var options: ConfigOptions

    func run() throws {
        try runReportingErrors {
            let config = try options.load()
            config.bootstrapLogging()
            let logger = Logger(label: "migrate")
            let db = try config.databaseConnection(logger: logger)
            defer { db.close() }
            let applied = try Migrator(connection: db, logger: logger).migrate(Schema.migrations)
            print(applied.isEmpty ? "schema is up to date" : "applied migrations: \(applied.map(String.init).joined(separator: ", "))")
            if try EnvironmentApp.sync(configuration: config, db: db) == .saved {
                print("stored the pool's Zoom app (app #1) from ZOOM_*")
            }
            if let key = config.masterKey {
                let bound = try SealedColumnUpgrade.run(db: db, box: SecretBox(key: try MasterKey(parsing: key)))
                if bound > 0 { print("bound \(bound) sealed \(bound == 1 ? "value" : "values") to their rows") }
            }
        }
    }
}
