import Foundation
@testable import LecternDrive
import XCTest

final class DriveFileDecodingTests: XCTestCase {
    func decode(_ json: String) throws -> DriveFile {
        try JSONDecoder().decode(DriveFile.self, from: Data(json.utf8))
    }

    func testSizeAsDriveSendsIt() throws {
        let file = try decode(#"{"id":"f1","name":"a.mp4","size":"2147483648","md5Checksum":"abc","webViewLink":"https://drive/f1","parents":["p"],"appProperties":{"zoom_file_id":"z"},"trashed":false}"#)
        XCTAssertEqual(file, DriveFile(id: "f1", name: "a.mp4", size: 2_147_483_648, md5Checksum: "abc",
                                       webViewLink: "https://drive/f1", parents: ["p"],
                                       appProperties: ["zoom_file_id": "z"], trashed: false))
    }

    func testSizeAsANumberOrAbsent() throws {
        XCTAssertEqual(try decode(#"{"id":"f","name":"n","size":12}"#).size, 12)
        XCTAssertNil(try decode(#"{"id":"f","name":"folder"}"#).size)
    }

    func testASizeThatIsNoNumberIsAnError() {
        XCTAssertThrowsError(try decode(#"{"id":"f","name":"n","size":"12 bytes"}"#))
        XCTAssertThrowsError(try decode(#"{"id":"f","name":"n","size":"-1"}"#))
    }

    func testEncodingRoundTrips() throws {
        let file = DriveFile(id: "f", name: "n", size: 5, md5Checksum: "m", trashed: true)
        XCTAssertEqual(try JSONDecoder().decode(DriveFile.self, from: JSONEncoder().encode(file)), file)
    }
}
