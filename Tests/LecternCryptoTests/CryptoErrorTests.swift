import XCTest
@testable import LecternCrypto

final class CryptoErrorTests: XCTestCase {
    func testDescriptionsAreOneLine() {
        let errors: [CryptoError] = [.invalidMasterKey, .decryptionFailed, .invalidPrivateKey, .invalidPublicKey,
                                     .signingFailed]
        for error in errors {
            XCTAssertTrue(error.description.hasPrefix("crypto: "))
            XCTAssertFalse(error.description.contains("\n"))
        }
    }
}
