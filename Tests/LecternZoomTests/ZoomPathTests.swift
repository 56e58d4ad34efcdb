import LecternZoom
import XCTest

final class ZoomPathTests: XCTestCase {
    func testNumericIdIsUnchanged() {
        XCTAssertEqual(ZoomPath.meeting("85746065432"), "85746065432")
    }

    func testPlainUUIDIsEncodedOnce() {
        XCTAssertEqual(ZoomPath.meeting("aDYlohsHRtCd4ii1uC2+hA=="), "aDYlohsHRtCd4ii1uC2%2BhA%3D%3D")
        XCTAssertEqual(ZoomPath.meeting("ab/cd=="), "ab%2Fcd%3D%3D")
    }

    func testUUIDStartingWithSlashIsEncodedTwice() {
        XCTAssertEqual(ZoomPath.meeting("/ajXp112QmuoKj4854875=="), "%252FajXp112QmuoKj4854875%253D%253D")
    }

    func testUUIDContainingDoubleSlashIsEncodedTwice() {
        XCTAssertEqual(ZoomPath.meeting("ab//cd+e=="), "ab%252F%252Fcd%252Be%253D%253D")
    }

    func testDoubleEncodingDecodesBackInTwoSteps() {
        let uuid = "/x//y+z=="
        let once = ZoomPath.meeting(uuid).removingPercentEncoding
        XCTAssertEqual(once?.removingPercentEncoding, uuid)
    }

    func testSegmentEncodesEmailsAndQueryValues() {
        XCTAssertEqual(ZoomPath.segment("host+1@school.edu"), "host%2B1%40school.edu")
        XCTAssertEqual(ZoomPath.queryValue("a b&c=d"), "a%20b%26c%3Dd")
    }
}
