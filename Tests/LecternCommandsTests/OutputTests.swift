import Foundation
import LecternAPI
@testable import LecternCommands
import XCTest

/// What the commands print: the executable's own output, and the status line's drawing.
final class OutputTests: XCTestCase {
    /// The `lectern` executable built beside the test bundle.
    private func lectern() throws -> URL {
        let url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("lectern")
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw XCTSkip("lectern is not built beside the tests (swift build --build-tests builds it)")
        }
        return url
    }

    private func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = try lectern()
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    func testBadArgumentsExitTwoWithOneLine() throws {
        let result = try run(["serve", "--bogus"])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.stdout, "")
        XCTAssertEqual(result.stderr, "lectern: Unknown option '--bogus'\n")
    }

    func testRoutesPrintsTheRouterTableOneALine() throws {
        let result = try run(["routes"])
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(result.stdout, Routes.table.map { "\($0)\n" }.joined())
        XCTAssertTrue(result.stdout.hasPrefix("POST /api/auth/token/\n"))
    }

    /// Everything `body` writes to a `StatusLine` on a temporary file.
    private func drawing(enabled: Bool, _ body: (StatusLine) -> Void) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("status-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let stream = try XCTUnwrap(fopen(path, "w"))
        body(StatusLine(enabled: enabled, stream: stream))
        fclose(stream)
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    func testAStatusLineOffATerminalPrintsOnlyNotes() throws {
        let text = try drawing(enabled: false) { line in
            line.show("3 of 9")
            line.note("copied a.mp4")
            line.clear()
            line.finish()
        }
        XCTAssertEqual(text, "copied a.mp4\n")
    }

    func testAStatusLineRedrawsItselfBelowEachNote() throws {
        let text = try drawing(enabled: true) { line in
            line.show("3 of 9")
            line.note("copied a.mp4")
            line.finish()
        }
        XCTAssertEqual(text, "\r3 of 9\u{1B}[K" + "\rcopied a.mp4\u{1B}[K\n3 of 9\u{1B}[K" + "\n")
    }
}
