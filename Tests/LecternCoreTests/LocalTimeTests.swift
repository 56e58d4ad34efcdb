import Foundation
import XCTest
@testable import LecternCore

final class LocalTimeTests: XCTestCase {
    func testParsesTwentyFourHourTimesExactly() {
        XCTAssertEqual(LocalTime(parsing: "10:30"), LocalTime(hour: 10, minute: 30))
        XCTAssertEqual(LocalTime(parsing: "00:00")?.minutesIntoDay, 0)
        XCTAssertEqual(LocalTime(parsing: "23:59")?.minutesIntoDay, 1439)
        for bad in ["24:00", "9:05", "09:5", "10:30:00", "10.30", "", "ab:cd", "12:60", " 10:30"] {
            XCTAssertNil(LocalTime(parsing: bad), bad)
        }
    }

    func testDescriptionAndOrder() {
        XCTAssertEqual(LocalTime(hour: 7, minute: 5)?.description, "07:05")
        XCTAssertNil(LocalTime(hour: 24, minute: 0))
        XCTAssertNil(LocalTime(hour: 0, minute: -1))
        XCTAssertLessThan(LocalTime(hour: 9, minute: 59)!, LocalTime(hour: 10, minute: 0)!)
    }

    func testCodable() throws {
        let decoded = try JSONDecoder().decode([LocalTime].self, from: Data(#"["08:15"]"#.utf8))
        XCTAssertEqual(decoded, [LocalTime(hour: 8, minute: 15)!])
        XCTAssertEqual(String(decoding: try JSONEncoder().encode(decoded), as: UTF8.self), #"["08:15"]"#)
        XCTAssertThrowsError(try JSONDecoder().decode([LocalTime].self, from: Data(#"["8:15"]"#.utf8)))
    }
}
