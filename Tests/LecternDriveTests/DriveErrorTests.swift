import XCTest
@testable import LecternDrive

final class DriveErrorTests: XCTestCase {
    func testRefusalNamesStatusAndReason() {
        let error = DriveError.refused(status: 404, reason: "notFound", message: "File not found: x.")
        XCTAssertEqual(error.description, "Drive refused the request (HTTP 404, notFound): File not found: x.")
    }

    func testRefusalWithoutReason() {
        XCTAssertEqual(DriveError.refused(status: 400, reason: nil, message: "Bad").description,
                       "Drive refused the request (HTTP 400): Bad")
    }
}
