import XCTest
@testable import LecternCrypto

final class SecureRandomTests: XCTestCase {
    func testBytesHaveTheRequestedLengthAndDiffer() {
        XCTAssertEqual(SecureRandom.bytes(0), [])
        XCTAssertEqual(SecureRandom.bytes(32).count, 32)
        XCTAssertNotEqual(SecureRandom.bytes(32), SecureRandom.bytes(32))
    }

    func testTokenIsUnpaddedBase64URLOf32Bytes() throws {
        let token = SecureRandom.token()
        XCTAssertEqual(token.count, 43)
        XCTAssertFalse(token.contains("=") || token.contains("+") || token.contains("/"))
        XCTAssertEqual(try XCTUnwrap(Base64URL.decode(token)).count, 32)
        XCTAssertNotEqual(token, SecureRandom.token())
    }

    func testHexIsLowercaseTwoDigitsPerByte() {
        let token = SecureRandom.hex(16)
        XCTAssertEqual(token.count, 32)
        XCTAssertTrue(token.allSatisfy { "0123456789abcdef".contains($0) })
        XCTAssertNotEqual(token, SecureRandom.hex(16))
    }
}
