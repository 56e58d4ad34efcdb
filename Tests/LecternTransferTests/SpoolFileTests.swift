import Foundation
@testable import LecternTransfer
import XCTest

final class SpoolFileTests: XCTestCase {
    private var directory = ""

    override func setUp() {
        directory = NSTemporaryDirectory() + "spool-tests-\(UUID().uuidString)"
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    func testShortIdsKeepTheirHexNames() {
        XCTAssertEqual((SpoolFile.path(directory: directory, zoomFileID: "a/b+") as NSString).lastPathComponent,
                       "612f622b.part")
    }

    /// Zoom's ids have no length limit; 125 bytes and more would give hex names past the
    /// 255-byte limit of a file name.
    func testLongIdsGetNamesThatFitAndStayApart() throws {
        let long = String(repeating: "x", count: 300)
        let other = String(repeating: "x", count: 299) + "y"
        for id in [String(repeating: "z", count: 125), long, other] {
            let name = (SpoolFile.path(directory: directory, zoomFileID: id) as NSString).lastPathComponent
            XCTAssertLessThanOrEqual(name.utf8.count, 255, name)
            let spool = try SpoolFile(directory: directory, zoomFileID: id)
            try Array("bytes".utf8).withUnsafeBytes { try spool.append($0) }
            XCTAssertEqual(SpoolFile.existingSize(directory: directory, zoomFileID: id), 5)
        }
        XCTAssertNotEqual(SpoolFile.path(directory: directory, zoomFileID: long),
                          SpoolFile.path(directory: directory, zoomFileID: other))
    }
}
