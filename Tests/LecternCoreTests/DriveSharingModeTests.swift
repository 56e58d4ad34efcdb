import XCTest
@testable import LecternCore

final class DriveSharingModeTests: XCTestCase {
    private func load(_ env: [String: String]) throws -> Configuration {
        try Configuration(environment: env, cores: 2) { path in throw ConfigurationError.unreadable(path, "missing") }
    }

    func testGroupsByDefaultOffOnRequestAndAnythingElseNamesTheSetting() throws {
        XCTAssertEqual(try load([:]).driveSharing, .groups)
        XCTAssertEqual(try load(["LECTERN_DRIVE_SHARING": "OFF"]).driveSharing, .off)
        XCTAssertThrowsError(try load(["LECTERN_DRIVE_SHARING": "everyone"])) { error in
            XCTAssertTrue("\(error)".contains("LECTERN_DRIVE_SHARING"), "\(error)")
        }
    }
}
