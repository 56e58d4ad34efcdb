import Foundation
import LecternCore
import XCTest

final class ContentDispositionTests: XCTestCase {
    func testTheDriveNameIsPercentEncodedAsUTF8() {
        XCTAssertEqual(ContentDisposition.inline(fileName: "Algèbra 10.00 \"x\";y.mp4"),
                       "inline; filename*=UTF-8''Alg%C3%A8bra%2010.00%20%22x%22%3By.mp4")
    }

    func testEveryOutputByteIsAnRFC8187AttrCharOrAPercentEscape() {
        let value = ContentDisposition.inline(fileName: "日本語 / \\ ' % * ( ) , : = ? @ [ ] { } \u{7F}\t.txt")
        let encoded = value.dropFirst("inline; filename*=UTF-8''".count)
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~%")
        XCTAssertTrue(encoded.allSatisfy(allowed.contains), String(encoded))
        XCTAssertEqual(String(encoded).removingPercentEncoding, "日本語 / \\ ' % * ( ) , : = ? @ [ ] { } \u{7F}\t.txt")
    }

    func testSharingJobPayloads() {
        XCTAssertFalse(DriveSharingRequest.listsDrive(payload: DriveSharingRequest.payload(listDrive: false)))
        XCTAssertTrue(DriveSharingRequest.listsDrive(payload: DriveSharingRequest.payload(listDrive: true)))
        // The hourly duty's job has the scheduler's empty payload.
        XCTAssertTrue(DriveSharingRequest.listsDrive(payload: "{}"))
    }
}
