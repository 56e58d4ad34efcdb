import LecternCore
import XCTest

final class ReminderOffsetTests: XCTestCase {
    func testOffsetsAreAnHourAndOneToFourDays() {
        XCTAssertEqual(ReminderOffset.allCases.map(\.rawValue), ["1h", "1d", "2d", "3d", "4d"])
        XCTAssertEqual(ReminderOffset.allCases.map(\.seconds), [3_600, 86_400, 172_800, 259_200, 345_600])
        XCTAssertEqual(ReminderOffset.allCases.map(\.phrase), ["1 hour", "1 day", "2 days", "3 days", "4 days"])
    }

    func testParsingSortsNearestFirst() throws {
        XCTAssertEqual(try ReminderOffset.parse(["4d", "1h", "2d"]), [.oneHour, .twoDays, .fourDays])
        XCTAssertEqual(try ReminderOffset.parse([]), [])
    }

    func testUnknownAndRepeatedOffsetsNameTheField() {
        for texts in [["2h"], ["1d", "1D"], [""], ["1d", "1d"]] {
            XCTAssertThrowsError(try ReminderOffset.parse(texts), "\(texts)") {
                XCTAssertEqual(($0 as? FieldProblem)?.field, "reminders")
            }
        }
        XCTAssertThrowsError(try ReminderOffset.parse(["1d", "1d"])) {
            XCTAssertEqual(($0 as? FieldProblem)?.message, "1d is given twice.")
        }
        XCTAssertThrowsError(try ReminderOffset.parse(["5d"])) {
            XCTAssertEqual(($0 as? FieldProblem)?.message, "'5d' is not one of 1h, 1d, 2d, 3d, 4d.")
        }
    }

    func testStorageRoundTrip() {
        XCTAssertEqual(ReminderOffset.storageText([.fourDays, .oneHour]), "1h,4d")
        XCTAssertEqual(ReminderOffset.fromStorage("1h,4d"), [.oneHour, .fourDays])
        XCTAssertEqual(ReminderOffset.fromStorage(""), [])
        XCTAssertEqual(ReminderOffset.fromStorage("2d,bogus,1d"), [.oneDay, .twoDays])
    }
}
