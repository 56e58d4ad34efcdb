import Foundation
@testable import LecternDrive
import LecternHTTPClient
import LecternTestSupport
import XCTest

final class GoogleTokenSourceTests: XCTestCase {
    var now = Date(timeIntervalSince1970: 1_700_000_000)
    var sleeps: [TimeInterval] = []

    static func token(_ value: String, expiresIn: Int = 3599) -> Result<HTTPClientResponse, HTTPClientError> {
        ScriptedTransport.answer(200, #"{"access_token":"\#(value)","expires_in":\#(expiresIn),"token_type":"Bearer"}"#)
    }

    func source(_ transport: ScriptedTransport, tokenURI: String = "https://oauth2.googleapis.com/token") throws -> GoogleTokenSource {
        try GoogleTokenSource(key: GoogleJWTTests.key(tokenURI: tokenURI), transport: transport,
                              clock: { [unowned self] in now },
                              sleep: { [unowned self] in sleeps.append($0); now += $0 }, jitter: { 0.5 })
    }

    /// The form fields of a token request, percent-decoded.
    func form(_ request: HTTPClientRequest) throws -> [String: String] {
        var components = URLComponents()
        components.percentEncodedQuery = String(decoding: try XCTUnwrap(request.body), as: UTF8.self)
        return Dictionary(uniqueKeysWithValues: try XCTUnwrap(components.queryItems).map { ($0.name, $0.value ?? "") })
    }

    func testPostsTheSignedAssertionAsAFormToTheKeysTokenURI() throws {
        let transport = ScriptedTransport([Self.token("ya29.a")])
        XCTAssertEqual(try source(transport, tokenURI: "http://sim.test:8089/token").accessToken(), "ya29.a")
        let request = try XCTUnwrap(transport.requests.first)
        XCTAssertEqual(request.method, "POST")
        XCTAssertEqual(request.url, "http://sim.test:8089/token")
        XCTAssertEqual(request.header("Content-Type"), "application/x-www-form-urlencoded")
        let body = String(decoding: try XCTUnwrap(request.body), as: UTF8.self)
        XCTAssertTrue(body.hasPrefix("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=ey"), body)
        let fields = try form(request)
        XCTAssertEqual(Set(fields.keys), ["grant_type", "assertion"])
        XCTAssertEqual(fields["grant_type"], "urn:ietf:params:oauth:grant-type:jwt-bearer")
        let claims = try GoogleJWTTests.parts(try XCTUnwrap(fields["assertion"])).claims
        XCTAssertEqual(claims.aud, "https://oauth2.googleapis.com/token")
        XCTAssertEqual(claims.iat, 1_700_000_000)
    }

    func testTheTokenIsCachedUntilFiveMinutesBeforeExpiry() throws {
        let transport = ScriptedTransport([Self.token("first"), Self.token("second")])
        let tokens = try source(transport)
        XCTAssertEqual(try tokens.accessToken(), "first")
        now += 3599 - 301
        XCTAssertEqual(try tokens.accessToken(), "first")
        XCTAssertEqual(transport.requests.count, 1)
        now += 2
        XCTAssertEqual(try tokens.accessToken(), "second")
        XCTAssertEqual(transport.requests.count, 2)
    }

    func testAShortLivedTokenIsKeptForHalfItsLife() throws {
        let transport = ScriptedTransport([Self.token("short", expiresIn: 60), Self.token("next")])
        let tokens = try source(transport)
        XCTAssertEqual(try tokens.accessToken(), "short")
        now += 29
        XCTAssertEqual(try tokens.accessToken(), "short")
        now += 1
        XCTAssertEqual(try tokens.accessToken(), "next")
    }

    func testRefreshReplacesTheRejectedTokenOnly() throws {
        let transport = ScriptedTransport([Self.token("first"), Self.token("second")])
        let tokens = try source(transport)
        XCTAssertEqual(try tokens.accessToken(), "first")
        XCTAssertEqual(try tokens.refresh(rejecting: "first"), "second")
        // Another client's 401 on the token already replaced: no new fetch.
        XCTAssertEqual(try tokens.refresh(rejecting: "first"), "second")
        XCTAssertEqual(transport.requests.count, 2)
    }

    func testServerErrorsRateLimitsAndLostConnectionsAreRetried() throws {
        let transport = ScriptedTransport([ScriptedTransport.answer(503, "busy"),
                                           ScriptedTransport.answer(429, "", headers: [("Retry-After", "7")]),
                                           .failure(.transport(code: 56, message: "Connection reset by peer")),
                                           Self.token("finally")])
        XCTAssertEqual(try source(transport).accessToken(), "finally")
        XCTAssertEqual(sleeps, [0.75, 7, 3])
    }

    func testRetriesStopAtTheBudget() throws {
        let transport = ScriptedTransport([ScriptedTransport.answer(429, "", headers: [("Retry-After", "120")])])
        XCTAssertThrowsError(try source(transport).accessToken()) { error in
            XCTAssertEqual(error as? DriveError, .unavailable("no access token: the token endpoint answered HTTP 429"))
        }
        XCTAssertEqual(sleeps, [])
    }

    func testARefusalIsAnAuthenticationErrorInGooglesWords() throws {
        let transport = ScriptedTransport([ScriptedTransport.answer(400, #"{"error":"invalid_grant","error_description":"Invalid JWT Signature."}"#)])
        XCTAssertThrowsError(try source(transport).accessToken()) { error in
            XCTAssertEqual(error as? DriveError, .authentication("invalid_grant: Invalid JWT Signature."))
        }
        XCTAssertEqual(transport.requests.count, 1)
    }

    func testARefusalWithoutAnOAuthBodyNamesTheStatus() throws {
        let transport = ScriptedTransport([ScriptedTransport.answer(401, "<html>no</html>")])
        XCTAssertThrowsError(try source(transport).accessToken()) { error in
            XCTAssertEqual(error as? DriveError, .authentication("the token endpoint answered HTTP 401"))
        }
    }

    func testAnAnswerWithoutATokenIsABadResponse() throws {
        let transport = ScriptedTransport([ScriptedTransport.answer(200, #"{"token_type":"Bearer"}"#)])
        XCTAssertThrowsError(try source(transport).accessToken()) { error in
            XCTAssertEqual(error as? DriveError, .badResponse("the token endpoint's answer has no access_token"))
        }
    }
}
