import ArgumentParser
import Foundation

/// `lectern`: the root command; `main.swift` of the executable runs it.
public struct Lectern: ParsableCommand {
    public static let configuration = CommandConfiguration(
        abstract: "The Zoom back office of a school: host pool, recordings, schedule.",
        subcommands: [ServeCommand.self, MigrateCommand.self, UserCommand.self, GroupCommand.self, AccountCommand.self,
                      StatusCommand.self, TransferCommand.self, Zoom2DriveCommand.self, RoutesCommand.self,
                      WorkerCommand.self])

    public init() {}

    /// Bad arguments exit 2 with one line naming the problem (SPEC §13).
    public static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                let message = message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid arguments"
                FileHandle.standardError.write(Data("lectern: \(message)\n".utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
