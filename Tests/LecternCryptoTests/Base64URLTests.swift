import XCTest
@testable import LecternCrypto

final class Base64URLTests: XCTestCase {
    func testUsesURLAlphabetWithoutPadding() {
        XCTAssertEqual(Base64URL.encode([0xfb, 0xff]), "-_8")
        XCTAssertEqual(Base64URL.encode(Array(#"{"alg":"RS256","typ":"JWT"}"#.utf8)),
                       "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9")
        XCTAssertEqual(Base64URL.encode([]), "")
    }

    func testRoundTripsEveryLength() {
        for length in 0..<40 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 251) }
            XCTAssertEqual(Base64URL.decode(Base64URL.encode(bytes)), bytes, "length \(length)")
        }
    }

    func testDecodeAcceptsPaddingAndRejectsOtherAlphabets() {
        XCTAssertEqual(Base64URL.decode("-_8="), [0xfb, 0xff])
        XCTAssertNil(Base64URL.decode("+/8"))
        XCTAssertNil(Base64URL.decode("a"))
        XCTAssertNil(Base64URL.decode("ab c"))
    }
}
