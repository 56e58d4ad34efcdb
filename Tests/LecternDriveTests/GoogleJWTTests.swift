import Foundation
@testable import LecternDrive
import LecternCrypto
import LecternTestSupport
import XCTest

final class GoogleJWTTests: XCTestCase {
    let issued = Date(timeIntervalSince1970: 1_700_000_000.7)

    static func key(tokenURI: String = GoogleJWT.audience) -> ServiceAccountKey {
        ServiceAccountKey(projectID: "school", privateKeyID: "kid-1", privateKey: RSAKeyPair.shared.privatePEM,
                          clientEmail: "lectern@school.iam.gserviceaccount.com", tokenURI: tokenURI)
    }

    /// The three parts of `assertion`, the first two decoded.
    static func parts(_ assertion: String) throws -> (header: GoogleJWT.Header, claims: GoogleJWT.Claims, signature: [UInt8]) {
        let parts = assertion.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(parts.count, 3)
        let decoder = JSONDecoder()
        return (try decoder.decode(GoogleJWT.Header.self, from: Data(try XCTUnwrap(Base64URL.decode(parts[0])))),
                try decoder.decode(GoogleJWT.Claims.self, from: Data(try XCTUnwrap(Base64URL.decode(parts[1])))),
                try XCTUnwrap(Base64URL.decode(parts[2])))
    }

    func testHeaderAndClaims() throws {
        let assertion = try GoogleJWT(key: Self.key()).assertion(issuedAt: issued)
        let (header, claims, _) = try Self.parts(assertion)
        XCTAssertEqual(header, GoogleJWT.Header(alg: "RS256", typ: "JWT", kid: "kid-1"))
        XCTAssertEqual(claims, GoogleJWT.Claims(iss: "lectern@school.iam.gserviceaccount.com",
                                                scope: "https://www.googleapis.com/auth/drive",
                                                aud: "https://oauth2.googleapis.com/token",
                                                iat: 1_700_000_000, exp: 1_700_003_600, sub: nil))
        let claimsJSON = String(decoding: try XCTUnwrap(Base64URL.decode(String(assertion.split(separator: ".")[1]))), as: UTF8.self)
        XCTAssertFalse(claimsJSON.contains("sub"))
    }

    func testAudienceIsGooglesEvenWithAnotherTokenURI() throws {
        let assertion = try GoogleJWT(key: Self.key(tokenURI: "http://127.0.0.1:9/token")).assertion(issuedAt: issued)
        XCTAssertEqual(try Self.parts(assertion).claims.aud, "https://oauth2.googleapis.com/token")
    }

    func testSubjectForDelegation() throws {
        let assertion = try GoogleJWT(key: Self.key(), subject: "admin@school.edu").assertion(issuedAt: issued)
        XCTAssertEqual(try Self.parts(assertion).claims.sub, "admin@school.edu")
    }

    func testSignatureVerifiesWithThePublicKey() throws {
        let assertion = try GoogleJWT(key: Self.key()).assertion(issuedAt: issued)
        let lastDot = try XCTUnwrap(assertion.lastIndex(of: "."))
        let signingInput = String(assertion[..<lastDot])
        let verifier = try RS256Verifier(publicKeyPEM: RSAKeyPair.shared.publicPEM)
        let signature = try Self.parts(assertion).signature
        XCTAssertTrue(verifier.verify(signature: signature, message: Array(signingInput.utf8)))
        XCTAssertFalse(verifier.verify(signature: signature, message: Array((signingInput + "x").utf8)))
    }

    func testAnUnusableKeyIsAnAuthenticationError() {
        var key = Self.key()
        key.privateKey = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"
        XCTAssertThrowsError(try GoogleJWT(key: key)) { error in
            guard case .authentication(let why)? = error as? DriveError else { return XCTFail("\(error)") }
            XCTAssertFalse(why.contains("AAAA"))
        }
    }
}
