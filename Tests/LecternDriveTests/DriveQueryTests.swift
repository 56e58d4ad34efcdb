@testable import LecternDrive
import XCTest

final class DriveQueryTests: XCTestCase {
    func testBackslashIsEscapedBeforeTheQuote() {
        XCTAssertEqual(DriveQuery.quoted("plain"), "'plain'")
        XCTAssertEqual(DriveQuery.quoted("O'Brien"), #"'O\'Brien'"#)
        XCTAssertEqual(DriveQuery.quoted(#"a\b"#), #"'a\\b'"#)
        // Escaping the quote first would turn `\'` into `\\'`, which ends the literal.
        XCTAssertEqual(DriveQuery.quoted(#"x\'y"#), #"'x\\\'y'"#)
        XCTAssertEqual(DriveQuery.quoted("Матем. 10-Б"), "'Матем. 10-Б'")
    }

    func testFolderQuery() {
        XCTAssertEqual(DriveQuery.folder(named: "Group's", in: "root1"),
                       #"name = 'Group\'s' and mimeType = 'application/vnd.google-apps.folder' and 'root1' in parents and trashed = false"#)
    }

    func testFileQuery() {
        XCTAssertEqual(DriveQuery.file(zoomFileID: "f'1", in: "dir"),
                       #"appProperties has { key='zoom_file_id' and value='f\'1' } and 'dir' in parents and trashed = false"#)
    }

    func testQueryStringEncodesEverythingButUnreserved() {
        XCTAssertEqual(QueryString.encode([("q", "a = 'b' & c+d/é"), ("fields", "files(id,name)")]),
                       "q=a%20%3D%20%27b%27%20%26%20c%2Bd%2F%C3%A9&fields=files%28id%2Cname%29")
        XCTAssertEqual(QueryString.escape("A-z_0.9~"), "A-z_0.9~")
    }
}
