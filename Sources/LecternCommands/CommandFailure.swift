import ArgumentParser
import Foundation

/// A command that cannot go on; printed as one line to stderr, exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Runs a command body, turning any error into one line on stderr and a non-zero exit.
func runReportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch {
        FileHandle.standardError.write(Data("lectern: \(error)\n".utf8))
        throw ExitCode.failure
    }
}
