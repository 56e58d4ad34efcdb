import XCTest
@testable import LecternCrypto

final class HMACSHA256Tests: XCTestCase {
    func testRFC4231TestCase2() {
        let mac = HMACSHA256.mac(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        XCTAssertEqual(Digest.hex(mac), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    func testZoomWebhookSignature() {
        let message = Array(#"v0:1700000000:{"event":"x"}"#.utf8)
        XCTAssertEqual(HMACSHA256.hex(key: "s3cr3t", message: message),
                       "f5642353f5d2cfe1835d2a1134f1b184576a4bc4c2a11c1c8c7c7aa1d4250093")
    }

    func testEmptyKeyAndMessage() {
        XCTAssertEqual(HMACSHA256.hex(key: "", message: []),
                       "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }
}
