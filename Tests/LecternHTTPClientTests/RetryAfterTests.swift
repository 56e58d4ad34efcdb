import Foundation
import LecternHTTPClient
import XCTest

final class RetryAfterTests: XCTestCase {
    let now = Date(timeIntervalSince1970: 784_111_777) // Sun, 06 Nov 1994 08:49:37 GMT

    func testDelaySeconds() {
        XCTAssertEqual(RetryAfter.seconds(from: "120", now: now), 120)
        XCTAssertEqual(RetryAfter.seconds(from: " 0 ", now: now), 0)
    }

    func testIMFFixdateIsRelativeToNow() {
        XCTAssertEqual(RetryAfter.seconds(from: "Sun, 06 Nov 1994 08:50:07 GMT", now: now), 30)
    }

    func testObsoleteDateForms() {
        XCTAssertEqual(RetryAfter.seconds(from: "Sunday, 06-Nov-94 08:49:47 GMT", now: now), 10)
        XCTAssertEqual(RetryAfter.seconds(from: "Sun Nov  6 08:49:57 1994", now: now), 20)
    }

    func testDateInThePastMeansNow() {
        XCTAssertEqual(RetryAfter.seconds(from: "Sun, 06 Nov 1994 08:00:00 GMT", now: now), 0)
    }

    func testGarbageIsNil() {
        XCTAssertNil(RetryAfter.seconds(from: "", now: now))
        XCTAssertNil(RetryAfter.seconds(from: "-5", now: now))
        XCTAssertNil(RetryAfter.seconds(from: "1.5", now: now))
        XCTAssertNil(RetryAfter.seconds(from: "soon", now: now))
        XCTAssertNil(RetryAfter.seconds(from: "Sun, 06 Nov 1994", now: now))
    }
}
