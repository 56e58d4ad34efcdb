import ArgumentParser
import Foundation
import LecternCore
import LecternProcess
import LecternStore
import Logging

/// `lectern group …`: manage groups from the command line.
struct GroupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "group", abstract: "Manage groups of students.",
                                                    subcommands: [Add.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a group; prints the new group's id alone on stdout.")

        @OptionGroup var options: ConfigOptions
        @Option(help: "Email of the teacher who owns the group.") var teacher: String
        @Option(help: "The group's name.") var name: String
        @Option(help: "Email of a student member (repeatable).") var student: [String] = []

        func validate() throws {
            guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--name must not be empty") }
            guard name.count <= 200 else { throw ValidationError("--name must be at most 200 characters") }
        }

        func run() throws {
            try runReportingErrors {
                let config = try options.load()
                LineLogHandler.bootstrap(level: .warning)
                let db = try config.databaseConnection(logger: Logger(label: "group"))
                defer { db.close() }
                let users = UserRepository(db)
                guard let owner = try users.find(email: teacher)?.user, owner.role == .teacher else {
                    throw CommandFailure("no teacher with email \(teacher.lowercased())")
                }
                let students = try student.map { email -> Int64 in
                    guard let member = try users.find(email: email)?.user, member.role == .student else {
                        throw CommandFailure("no student with email \(email.lowercased())")
                    }
                    return member.id
                }
                let id = try GroupRepository(db).insert(
                    teacherID: owner.id, name: name.trimmingCharacters(in: .whitespaces), studentIDs: students)
                if config.driveSharing == .groups { try JobQueue(db).enqueueSharingRun(listDrive: false) }
                print(id)
            }
        }
    }
}
