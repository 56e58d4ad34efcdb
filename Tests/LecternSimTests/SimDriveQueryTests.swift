import XCTest
@testable import LecternSim

final class SimDriveQueryTests: XCTestCase {
    func testParsesTheFormsLecternSends() throws {
        let query = try SimDriveQuery(#"name = 'O\'Brien \\ 11A' and mimeType = 'application/vnd.google-apps.folder' and 'p1' in parents and trashed = false"#)
        XCTAssertEqual(query.terms, [.name(#"O'Brien \ 11A"#), .mimeType("application/vnd.google-apps.folder"),
                                     .inParents("p1"), .trashed(false)])
        XCTAssertEqual(try SimDriveQuery("appProperties has {key='zoom_file_id' and value='a-b'}and trashed=true").terms,
                       [.appProperty(key: "zoom_file_id", value: "a-b"), .trashed(true)])
        XCTAssertEqual(try SimDriveQuery("  ").terms, [])
        XCTAssertEqual(try SimDriveQuery("name = ''").terms, [.name("")])
    }

    func testRefusesEverythingElse() {
        for text in ["name contains 'x'", "name = 'x' or trashed = false", "not trashed = true", "name = \"x\"",
                     "'p' in owners", "name = 'x", #"name = 'a\b'"#, "trashed = False", "name = 'a' and", "and name = 'a'",
                     "appProperties has { key='k' and value='v'", "properties has { key='k' and value='v' }",
                     "modifiedTime > '2025-01-01'", "name = 'a' name = 'b'"] {
            XCTAssertThrowsError(try SimDriveQuery(text), text)
        }
    }

    func testMatchesEveryTerm() throws {
        let file = SimDriveFile(id: "f", name: "a'b", mimeType: "video/mp4", parents: ["p1"],
                                appProperties: ["zoom_file_id": "z"], trashed: false, size: 1, md5Checksum: "x")
        XCTAssertTrue(try SimDriveQuery(#"name = 'a\'b' and 'p1' in parents and appProperties has { key='zoom_file_id' and value='z' }"#).matches(file))
        XCTAssertFalse(try SimDriveQuery("'p2' in parents").matches(file))
        XCTAssertFalse(try SimDriveQuery("trashed = true").matches(file))
        XCTAssertFalse(try SimDriveQuery("appProperties has { key='zoom_file_id' and value='y' }").matches(file))
        XCTAssertTrue(try SimDriveQuery("").matches(file))
    }
}
