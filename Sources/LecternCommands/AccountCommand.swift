import ArgumentParser
import Foundation
import LecternPool
import LecternProcess
import LecternStore
import Logging

/// `lectern account …`: the pool's Zoom hosts.
struct AccountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "account", abstract: "Manage the pool's Zoom hosts.",
                                                    subcommands: [Add.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a pool host (a licensed Zoom user); prints the new host's id alone on stdout.")

        @OptionGroup var options: ConfigOptions
        @Option(help: "The host's Zoom email (unique).") var email: String
        @Option(help: "The host's Zoom user id (default: meetings are created for the email).") var zoomUserId: String?
        @Option(help: "Meetings the host may run at once.") var maxConcurrent: Int = 1

        func validate() throws {
            let parts = email.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ValidationError("--email '\(email)' is not an email address")
            }
            guard (1...100).contains(maxConcurrent) else { throw ValidationError("--max-concurrent must be 1 to 100") }
            if let zoomUserId, zoomUserId.isEmpty { throw ValidationError("--zoom-user-id must not be empty") }
        }

        func run() throws {
            try runReportingErrors {
                let config = try options.load()
                LineLogHandler.bootstrap(level: .warning)
                let db = try config.databaseConnection(logger: Logger(label: "account"))
                defer { db.close() }
                try EnvironmentApp.sync(configuration: config, db: db)
                guard try ZoomAppRepository(db).find(id: ZoomAppRepository.environmentAppID) != nil else {
                    throw CommandFailure("the pool's Zoom app is not configured: set ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET")
                }
                do {
                    let id = try PoolRepository(db).insertHost(appID: ZoomAppRepository.environmentAppID, email: email,
                                                               zoomUserID: zoomUserId, maxConcurrentMeetings: maxConcurrent,
                                                               isActive: true)
                    print(id)
                } catch DatabaseError.duplicateKey {
                    throw CommandFailure("a pool host with email \(email.lowercased()) already exists")
                }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the pool's hosts: id, email, Zoom user, meetings running / limit, active, lessons.")

        @OptionGroup var options: ConfigOptions

        func run() throws {
            try runReportingErrors {
                let config = try options.load()
                LineLogHandler.bootstrap(level: .warning)
                let db = try config.databaseConnection(logger: Logger(label: "account"))
                defer { db.close() }
                let repository = PoolRepository(db)
                var after: Int64 = 0
                print(["id", "email", "zoom_user_id", "meetings", "active", "lessons"].joined(separator: "\t"))
                while true {
                    let page = try repository.hosts(afterID: after, limit: 500)
                    for host in page {
                        print([String(host.id), host.email, host.zoomUserID ?? "-",
                               "\(host.currentMeetings)/\(host.maxConcurrentMeetings)", host.isActive ? "yes" : "no",
                               host.activeLessonIDs.isEmpty ? "-" : host.activeLessonIDs.map(String.init).joined(separator: ",")]
                            .joined(separator: "\t"))
                    }
                    guard let last = page.last, page.count == 500 else { break }
                    after = last.id
                }
            }
        }
    }
}
