import LecternTestSupport
import XCTest
import Foundation
@testable import LecternCrypto

final class RS256SignerTests: XCTestCase {
    func testSignatureVerifiesHereAndWithTheOpenSSLCLI() throws {
        let pair = try RSAKeyPair.generate(for: self)
        let message = Array("eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0".utf8)
        let signature = try RS256Signer(pkcs8PEM: pair.privatePEM).sign(message)
        XCTAssertEqual(signature.count, 256)

        let verifier = try RS256Verifier(publicKeyPEM: pair.publicPEM)
        XCTAssertTrue(verifier.verify(signature: signature, message: message))
        XCTAssertFalse(verifier.verify(signature: signature, message: message + [0x2e]))

        let output = try RSAKeyPair.openssl([
            "dgst", "-sha256", "-verify", pair.publicKeyPath,
            "-signature", try pair.write(signature, to: "sig.bin"), try pair.write(message, to: "msg.bin"),
        ])
        XCTAssertEqual(String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines),
                       "Verified OK")
    }

    func testSigningIsDeterministic() throws {
        // PKCS#1 v1.5 has no randomness, so equal inputs must give equal JWT signatures.
        let signer = try RS256Signer(pkcs8PEM: RSAKeyPair.generate(for: self).privatePEM)
        XCTAssertEqual(try signer.sign([1, 2, 3]), try signer.sign([1, 2, 3]))
    }

    func testRejectsUnusableKeys() throws {
        let pair = try RSAKeyPair.generate(for: self)
        let encrypted = pair.directory.appendingPathComponent("encrypted.pem").path
        try RSAKeyPair.openssl(["pkey", "-in", pair.privateKeyPath, "-aes256", "-passout", "pass:secret",
                                "-out", encrypted])
        let ec = pair.directory.appendingPathComponent("ec.pem").path
        try RSAKeyPair.openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", ec])

        let unusable = ["", "not a key", pair.publicPEM, try String(contentsOfFile: encrypted, encoding: .utf8),
                        try String(contentsOfFile: ec, encoding: .utf8)]
        for pem in unusable {
            XCTAssertThrowsError(try RS256Signer(pkcs8PEM: pem)) { error in
                XCTAssertEqual(error as? CryptoError, .invalidPrivateKey)
            }
        }
    }
}
