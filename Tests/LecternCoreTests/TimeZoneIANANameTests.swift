import Foundation
import XCTest
@testable import LecternCore

final class TimeZoneIANANameTests: XCTestCase {
    func testZoneNamesKeepUTC() {
        XCTAssertEqual(TimeZone(identifier: "UTC")?.ianaName, "UTC")
        XCTAssertEqual(TimeZone(identifier: "Europe/Berlin")?.ianaName, "Europe/Berlin")
        XCTAssertEqual(TimeZone(identifier: "Etc/UTC")?.ianaName, "Etc/UTC")
    }
}
