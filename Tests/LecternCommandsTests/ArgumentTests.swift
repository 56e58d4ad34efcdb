import ArgumentParser
@testable import LecternCommands
import XCTest

/// What `lectern` accepts and refuses before any command runs (SPEC §13: bad arguments exit 2
/// with one line naming the problem).
final class ArgumentTests: XCTestCase {
    /// The parse error's one-line message, asserting it is a validation failure (exit 2).
    private func refusal(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) -> String? {
        do {
            _ = try Lectern.parseAsRoot(arguments)
            return nil
        } catch {
            XCTAssertEqual(Lectern.exitCode(for: error), .validationFailure, file: file, line: line)
            return Lectern.message(for: error).split(separator: "\n").first.map(String.init)
        }
    }

    func testSubcommandsAreNamedAsDocumented() {
        XCTAssertEqual(Lectern.configuration.subcommands.map { $0.configuration.commandName },
                       ["serve", "migrate", "user", "group", "account", "status", "transfer", "zoom2drive", "routes",
                        "worker"])
    }

    func testUserAddParsesWithItsDefaults() throws {
        let command = try XCTUnwrap(Lectern.parseAsRoot(
            ["user", "add", "--email", "t@school.example", "--name", "Teacher", "--role", "teacher"]) as? UserCommand.Add)
        XCTAssertEqual(command.email, "t@school.example")
        XCTAssertEqual(command.role, .teacher)
        XCTAssertEqual(command.timezone, "UTC")
        XCTAssertNil(command.subscriptionUntil)
        XCTAssertFalse(command.passwordStdin)
        XCTAssertNil(command.options.config)
    }

    func testUserAddRefusesBadValuesNamingTheOption() {
        let base = ["user", "add", "--name", "T", "--role", "teacher"]
        XCTAssertEqual(refusal(base + ["--email", "nobody"]), "--email 'nobody' is not an email address")
        XCTAssertEqual(refusal(base + ["--email", "t@x", "--timezone", "Mars/Olympus"]),
                       "--timezone 'Mars/Olympus' is not an IANA time zone")
        XCTAssertEqual(refusal(base + ["--email", "t@x", "--subscription-until", "2026-13-01"]),
                       "--subscription-until '2026-13-01' is not a YYYY-MM-DD date")
        XCTAssertNotNil(refusal(["user", "add", "--email", "t@x", "--name", "T", "--role", "janitor"]))
    }

    func testASubscriptionRunsThroughItsLastDay() {
        XCTAssertEqual(UserCommand.Add.endOfDay("2026-12-04"), Date(timeIntervalSince1970: 1_796_428_800))
    }

    func testAccountAndGroupAddRefuseBadValues() {
        XCTAssertEqual(refusal(["account", "add", "--email", "host@", "--max-concurrent", "2"]),
                       "--email 'host@' is not an email address")
        XCTAssertEqual(refusal(["account", "add", "--email", "h@x", "--max-concurrent", "0"]),
                       "--max-concurrent must be 1 to 100")
        XCTAssertEqual(refusal(["group", "add", "--teacher", "t@x", "--name", "  "]), "--name must not be empty")
    }

    func testZoom2DriveRefusesOptionsThatDoNotApply() {
        XCTAssertEqual(refusal(["zoom2drive", "--user", "someone"]),
                       "--user 'someone' is neither an email address nor 'all'")
        XCTAssertEqual(refusal(["zoom2drive", "--user", "a@x", "--skip", "b@x"]), "--skip only applies to --user all")
        XCTAssertEqual(refusal(["zoom2drive", "--user", "all", "--concurrency", "65"]), "--concurrency must be 1 to 64")
        XCTAssertEqual(refusal(["zoom2drive", "--user", "all", "--after", "keep"]),
                       "--after only applies to --action transfer")
        XCTAssertNil(refusal(["zoom2drive", "--user", "ALL", "--skip", "b@x", "--action", "transfer", "--after", "keep"]))
    }

    func testARelativeConfigIsPassedToChildrenAsAnAbsolutePath() throws {
        let options = try ConfigOptions.parse(["--config", "deploy/env"])
        XCTAssertEqual(options.childArguments, ["--config", FileManager.default.currentDirectoryPath + "/deploy/env"])
        XCTAssertEqual(try ConfigOptions.parse(["--config", "/etc/lectern.env"]).childArguments,
                       ["--config", "/etc/lectern.env"])
        XCTAssertEqual(try ConfigOptions.parse([]).childArguments, [])
    }
}
