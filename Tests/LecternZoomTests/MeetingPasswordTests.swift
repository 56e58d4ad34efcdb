import LecternZoom
import XCTest

final class MeetingPasswordTests: XCTestCase {
    func testGeneratedPasswordsAreValidForZoom() {
        for _ in 0..<500 {
            let password = MeetingPassword.generate()
            XCTAssertTrue(MeetingPassword.isValid(password), password)
            XCTAssertEqual(password.count, 10)
            XCTAssertTrue(password.contains(where: \.isLetter) && password.contains(where: \.isNumber), password)
        }
    }

    func testPasswordsDiffer() {
        let passwords = Set((0..<200).map { _ in MeetingPassword.generate() })
        XCTAssertGreaterThan(passwords.count, 195)
    }

    func testBiasedBytesAreRejectedNotFolded() {
        // 255 is above the largest multiple of the alphabet size (66), so it must be skipped.
        var calls = 0
        let password = MeetingPassword.generate { count in
            calls += 1
            return calls == 1 ? [UInt8](repeating: 255, count: count) : (0..<count).map { UInt8(($0 * 7) % 66) }
        }
        XCTAssertEqual(calls, 2)
        XCTAssertEqual(password, "AHOVcjqx4-")
    }

    func testPasswordWithoutDigitIsDrawnAgain() {
        var calls = 0
        let password = MeetingPassword.generate { count in
            calls += 1
            return calls == 1 ? [UInt8](repeating: 0, count: count) : (0..<count).map { UInt8(($0 * 7) % 66) }
        }
        XCTAssertEqual(calls, 2)
        XCTAssertEqual(password, "AHOVcjqx4-")
    }

    func testValidity() {
        XCTAssertTrue(MeetingPassword.isValid("aB3@-_*"))
        XCTAssertFalse(MeetingPassword.isValid(""))
        XCTAssertFalse(MeetingPassword.isValid("abcdefghijk"))
        XCTAssertFalse(MeetingPassword.isValid("abc def"))
        XCTAssertFalse(MeetingPassword.isValid("pass#word"))
    }
}
