import LecternTestSupport
import XCTest
import Foundation
@testable import LecternCrypto

final class RS256VerifierTests: XCTestCase {
    func testAcceptsTheOpenSSLCLISignatureOnlyForItsMessage() throws {
        let pair = try RSAKeyPair.generate(for: self)
        let message = Array("header.claims".utf8)
        let signatureFile = pair.directory.appendingPathComponent("sig.bin").path
        try RSAKeyPair.openssl(["dgst", "-sha256", "-sign", pair.privateKeyPath, "-out", signatureFile,
                                try pair.write(message, to: "msg.bin")])
        let signature = [UInt8](try Data(contentsOf: URL(fileURLWithPath: signatureFile)))

        let verifier = try RS256Verifier(publicKeyPEM: pair.publicPEM)
        XCTAssertTrue(verifier.verify(signature: signature, message: message))
        XCTAssertFalse(verifier.verify(signature: signature, message: Array("header.claimz".utf8)))
        var tampered = signature
        tampered[10] ^= 0x80
        XCTAssertFalse(verifier.verify(signature: tampered, message: message))
        XCTAssertFalse(verifier.verify(signature: [], message: message))
    }

    func testRejectsNonPublicKeys() throws {
        let pair = try RSAKeyPair.generate(for: self)
        for pem in ["", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", pair.privatePEM] {
            XCTAssertThrowsError(try RS256Verifier(publicKeyPEM: pem)) { error in
                XCTAssertEqual(error as? CryptoError, .invalidPublicKey)
            }
        }
    }

    func testVerifiesWithThePrivateKeyItsSignerUsed() throws {
        let pair = try RSAKeyPair.generate(for: self)
        let message = Array("header.claims".utf8)
        let signature = try RS256Signer(pkcs8PEM: pair.privatePEM).sign(message)

        let verifier = try RS256Verifier(privateKeyPEM: pair.privatePEM)
        XCTAssertTrue(verifier.verify(signature: signature, message: message))
        XCTAssertFalse(verifier.verify(signature: signature, message: Array("header.claimz".utf8)))
        let other = try RSAKeyPair.generate(for: self)
        XCTAssertFalse(try RS256Verifier(privateKeyPEM: other.privatePEM).verify(signature: signature, message: message))
    }

    func testRejectsNonPrivateKeysAsPrivate() throws {
        let pair = try RSAKeyPair.generate(for: self)
        for pem in ["", pair.publicPEM] {
            XCTAssertThrowsError(try RS256Verifier(privateKeyPEM: pem)) { error in
                XCTAssertEqual(error as? CryptoError, .invalidPrivateKey)
            }
        }
    }
}
