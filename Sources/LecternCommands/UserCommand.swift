import ArgumentParser
import Foundation
import LecternCore
import LecternCrypto
import LecternProcess
import LecternStore
import Logging

/// `lectern user …`: manage users from the command line.
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage users.",
                                                    subcommands: [Add.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user; prints the new user's id alone on stdout.")

        @OptionGroup var options: ConfigOptions
        @Option(help: "Email address (unique).") var email: String
        @Option(help: "Display name.") var name: String
        @Option(help: "admin, teacher or student.") var role: Role
        @Option(help: "IANA time zone, e.g. Europe/Berlin.") var timezone: String = "UTC"
        @Option(help: "Last day (YYYY-MM-DD) of a teacher's subscription.") var subscriptionUntil: String?
        @Flag(help: "Read the password from the first line of standard input.") var passwordStdin = false

        func validate() throws {
            guard email.contains("@"), !email.hasPrefix("@"), !email.hasSuffix("@") else {
                throw ValidationError("--email '\(email)' is not an email address")
            }
            guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--name must not be empty") }
            guard TimeZone(identifier: timezone) != nil else { throw ValidationError("--timezone '\(timezone)' is not an IANA time zone") }
            if let subscriptionUntil, Self.endOfDay(subscriptionUntil) == nil {
                throw ValidationError("--subscription-until '\(subscriptionUntil)' is not a YYYY-MM-DD date")
            }
        }

        /// The subscription runs through the given day (UTC).
        static func endOfDay(_ text: String) -> Date? {
            guard let day = try? Date(text + "T00:00:00Z", strategy: .iso8601) else { return nil }
            return day.addingTimeInterval(86_400)
        }

        func run() throws {
            try runReportingErrors {
                var passwordHash: String?
                if passwordStdin {
                    guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                        throw CommandFailure("--password-stdin: no password on standard input")
                    }
                    passwordHash = PasswordHasher().hash(line)
                }
                let config = try options.load()
                LineLogHandler.bootstrap(level: .warning)
                let db = try config.databaseConnection(logger: Logger(label: "user"))
                defer { db.close() }
                do {
                    let id = try UserRepository(db).insert(
                        email: email, name: name, role: role, passwordHash: passwordHash, timezone: timezone,
                        subscriptionExpiresAt: subscriptionUntil.flatMap(Self.endOfDay))
                    print(id)
                } catch DatabaseError.duplicateKey {
                    throw CommandFailure("a user with email \(email.lowercased()) already exists")
                }
            }
        }
    }
}

extension Role: ExpressibleByArgument {}
