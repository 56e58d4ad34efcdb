import XCTest
@testable import LecternCrypto

final class PasswordHasherTests: XCTestCase {
    func testPBKDF2MatchesRFC7914Vector() {
        let key = PasswordHasher.derive(password: Array("passwd".utf8), salt: Array("salt".utf8),
                                        iterations: 1, length: 64)
        XCTAssertEqual(Digest.hex(key), "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                                      + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783")
    }

    func testHashThenVerify() {
        let hasher = PasswordHasher(iterations: 1000)
        let encoded = hasher.hash("correct horse")
        XCTAssertTrue(encoded.hasPrefix("pbkdf2_sha256$1000$"))
        XCTAssertEqual(encoded.split(separator: "$").count, 4)
        XCTAssertTrue(hasher.verify("correct horse", against: encoded))
        XCTAssertFalse(hasher.verify("correct horsE", against: encoded))
        XCTAssertFalse(hasher.verify("", against: encoded))
        XCTAssertNotEqual(encoded, hasher.hash("correct horse"), "salt must be random")
    }

    func testVerifyUsesTheStoredIterationCount() {
        let encoded = PasswordHasher(iterations: 1000).hash("pässwörd")
        XCTAssertTrue(PasswordHasher().verify("pässwörd", against: encoded))
    }

    func testEmptyPasswordRoundTrips() {
        let hasher = PasswordHasher(iterations: 1000)
        XCTAssertTrue(hasher.verify("", against: hasher.hash("")))
    }

    func testMalformedHashesAreRejected() {
        let hasher = PasswordHasher(iterations: 1000)
        let parts = hasher.hash("x").split(separator: "$").map(String.init)
        let malformed = [
            "", "x", "pbkdf2_sha256$1000$\(parts[2])",
            "pbkdf2_sha1$1000$\(parts[2])$\(parts[3])",
            "pbkdf2_sha256$0$\(parts[2])$\(parts[3])",
            "pbkdf2_sha256$-5$\(parts[2])$\(parts[3])",
            "pbkdf2_sha256$abc$\(parts[2])$\(parts[3])",
            "pbkdf2_sha256$99999999999$\(parts[2])$\(parts[3])",
            "pbkdf2_sha256$1000$$\(parts[3])",
            "pbkdf2_sha256$1000$!!$\(parts[3])",
            "pbkdf2_sha256$1000$\(parts[2])$",
            "pbkdf2_sha256$1000$\(parts[2])$AAAA",
            "pbkdf2_sha256$1000$\(parts[2])$\(parts[3])$extra",
        ]
        for encoded in malformed {
            XCTAssertFalse(hasher.verify("x", against: encoded), encoded)
        }
    }
}
