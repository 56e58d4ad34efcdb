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
}
