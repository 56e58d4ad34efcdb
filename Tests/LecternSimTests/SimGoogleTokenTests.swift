import Foundation
import LecternSim
import XCTest

/// Google's token endpoint: JWT-bearer assertions from registered service accounts.
final class SimGoogleTokenTests: SimTestCase {
    let account = TestServiceAccount()

    override func setUpWithError() throws {
        try super.setUpWithError()
        XCTAssertEqual(send("POST", "/_sim/google/service-accounts", json: account.json).status, 201)
    }

    func exchange(_ assertion: String) -> SimResponse {
        send("POST", "/token", headers: ["content-type": "application/x-www-form-urlencoded"],
             body: Array(TestServiceAccount.form(assertion).utf8))
    }

    /// Asserts a 400 `invalid_grant` whose description mentions `why`.
    func assertRefused(_ assertion: String, because why: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let response = exchange(assertion)
        XCTAssertEqual(response.status, 400, file: file, line: line)
        let body = try object(response)
        XCTAssertEqual(body["error"] as? String, "invalid_grant", file: file, line: line)
        let description = body["error_description"] as? String ?? ""
        XCTAssertTrue(description.contains(why), "\(description) does not mention \(why)", file: file, line: line)
    }

    func testACorrectlySignedAssertionGetsADriveToken() throws {
        let response = exchange(try account.assertion(claims: account.claims(now: now)))
        XCTAssertEqual(response.status, 200)
        let body = try object(response)
        XCTAssertEqual(body["expires_in"] as? Int, 3599)
        XCTAssertEqual(body["token_type"] as? String, "Bearer")
        let token = try XCTUnwrap(body["access_token"] as? String)
        XCTAssertTrue(token.hasPrefix("ya29.sim"))
        XCTAssertEqual(send("GET", "/drive/v3/files/sim-root-folder?supportsAllDrives=true", token: token).status, 200)
    }

    func testAssertionsGoogleWouldRefuseAreRefused() throws {
        var claims = account.claims(now: now)
        claims["aud"] = "http://sim.test/token"
        try assertRefused(try account.assertion(claims: claims), because: "aud")

        claims = account.claims(now: now)
        claims["iss"] = "someone@else.iam.gserviceaccount.com"
        try assertRefused(try account.assertion(claims: claims), because: "iss")

        claims = account.claims(now: now)
        claims["scope"] = "https://www.googleapis.com/auth/drive.readonly"
        try assertRefused(try account.assertion(claims: claims), because: "scope")

        try assertRefused(try account.assertion(claims: account.claims(now: now),
                                                header: ["alg": "RS256", "kid": "unknown-key"]), because: "kid")
        try assertRefused(try account.assertion(claims: account.claims(now: now), header: ["alg": "RS256"]),
                          because: "kid")
        try assertRefused(try account.assertion(claims: account.claims(now: now),
                                                header: ["alg": "HS256", "kid": account.keyID]), because: "alg")
        try assertRefused(try account.assertion(claims: account.claims(now: now),
                                                signingKey: TestServiceAccount.otherKey), because: "Signature")
        var tampered = try account.assertion(claims: account.claims(now: now))
        tampered.removeLast(2)
        try assertRefused(tampered, because: "Signature")
        try assertRefused("not-a-jwt", because: "Invalid JWT")
    }

    func testAssertionsMustBeShortLivedAndCurrent() throws {
        try assertRefused(try account.assertion(claims: account.claims(now: now.addingTimeInterval(-3600))),
                          because: "iat and exp")
        var claims = account.claims(now: now)
        claims["exp"] = (claims["iat"] as! Int) + 3601
        try assertRefused(try account.assertion(claims: claims), because: "iat and exp")
        try assertRefused(try account.assertion(claims: account.claims(now: now.addingTimeInterval(120))),
                          because: "iat and exp")
        XCTAssertEqual(exchange(try account.assertion(claims: account.claims(now: now.addingTimeInterval(50)))).status, 200,
                       "a minute of clock skew is tolerated")
    }

    func testOtherGrantsAndKeysAreRefused() throws {
        let wrongGrant = send("POST", "/token", body: Array(TestServiceAccount.form("x", grantType: "client_credentials").utf8))
        XCTAssertEqual(wrongGrant.status, 400)
        XCTAssertEqual(try object(wrongGrant)["error"] as? String, "unsupported_grant_type")
        let publicOnly = TestServiceAccount(keyID: "k2", privateKeyPEM: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")
        XCTAssertEqual(send("POST", "/_sim/google/service-accounts", json: publicOnly.json).status, 400)
        XCTAssertEqual(send("POST", "/_sim/google/service-accounts", json: #"{"client_email":"x"}"#).status, 400)
    }

    func testGoogleTokensExpire() throws {
        let token = try XCTUnwrap(try object(exchange(try account.assertion(claims: account.claims(now: now))))["access_token"] as? String)
        now = now.addingTimeInterval(3599)
        let expired = send("GET", "/drive/v3/files/sim-root-folder?supportsAllDrives=true", token: token)
        XCTAssertEqual(expired.status, 401)
        let error = try XCTUnwrap(try object(expired)["error"] as? [String: Any])
        XCTAssertEqual(error["message"] as? String, "Request had invalid authentication credentials.")
        XCTAssertEqual((error["errors"] as? [[String: Any]])?.first?["reason"] as? String, "authError")

        let fresh = try XCTUnwrap(try object(exchange(try account.assertion(claims: account.claims(now: now))))["access_token"] as? String)
        XCTAssertEqual(send("POST", "/_sim/tokens/expire").status, 204)
        XCTAssertEqual(send("GET", "/drive/v3/files/sim-root-folder?supportsAllDrives=true", token: fresh).status, 401)
    }
}
