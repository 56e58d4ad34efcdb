import Foundation
import LecternZoom
import XCTest

final class ZoomWebhookVerifierTests: XCTestCase {
    let body = Array(#"{"event":"x"}"#.utf8)
    let now = Date(timeIntervalSince1970: 1_700_000_100)
    let verifier = ZoomWebhookVerifier(secrets: [.init(appID: 1, value: "s3cr3t"), .init(appID: 7, value: "other")])

    /// The vector of shared/reference/zoom-webhooks.md.
    func testKnownSigningVector() {
        XCTAssertEqual(ZoomWebhookVerifier.signature(secret: "s3cr3t", timestamp: "1700000000", body: body),
                       "v0=f5642353f5d2cfe1835d2a1134f1b184576a4bc4c2a11c1c8c7c7aa1d4250093")
    }

    func testTheMatchingSecretNamesTheApp() throws {
        let signature = "v0=f5642353f5d2cfe1835d2a1134f1b184576a4bc4c2a11c1c8c7c7aa1d4250093"
        XCTAssertEqual(try verifier.verify(signature: signature, timestamp: "1700000000", body: body, now: now).appID, 1)
        let other = ZoomWebhookVerifier.signature(secret: "other", timestamp: "1700000000", body: body)
        XCTAssertEqual(try verifier.verify(signature: other, timestamp: "1700000000", body: body, now: now).appID, 7)
        XCTAssertEqual(try verifier.verify(signature: signature.uppercased().replacingOccurrences(of: "V0=", with: "v0="),
                                           timestamp: "1700000000", body: body, now: now).appID, 1)
    }

    func testRejections() {
        let good = ZoomWebhookVerifier.signature(secret: "s3cr3t", timestamp: "1700000000", body: body)
        func rejection(_ signature: String?, _ timestamp: String?, _ body: [UInt8]? = nil,
                       _ verifier: ZoomWebhookVerifier? = nil) -> ZoomWebhookVerifier.Rejection? {
            do {
                _ = try (verifier ?? self.verifier).verify(signature: signature, timestamp: timestamp,
                                                           body: body ?? self.body, now: now)
                return nil
            } catch {
                return error as? ZoomWebhookVerifier.Rejection
            }
        }
        XCTAssertEqual(rejection(nil, "1700000000"), .missingSignature)
        XCTAssertEqual(rejection("sha256=abc", "1700000000"), .missingSignature)
        XCTAssertEqual(rejection(good, nil), .invalidTimestamp)
        XCTAssertEqual(rejection(good, "1700000000.0"), .invalidTimestamp)
        XCTAssertEqual(rejection(good, "abc"), .invalidTimestamp)
        XCTAssertEqual(rejection(ZoomWebhookVerifier.signature(secret: "s3cr3t", timestamp: "1699999799", body: body),
                                 "1699999799"), .staleTimestamp)
        XCTAssertEqual(rejection(good, "1700000001"), .badSignature)
        XCTAssertEqual(rejection(good, "1700000000", body + [0x20]), .badSignature)
        XCTAssertEqual(rejection(ZoomWebhookVerifier.signature(secret: "wrong", timestamp: "1700000000", body: body),
                                 "1700000000"), .badSignature)
        XCTAssertEqual(rejection(good, "1700000000", nil, ZoomWebhookVerifier(secrets: [])), .badSignature)
        XCTAssertNil(rejection(good, "1700000000"))
    }

    func testURLValidationToken() {
        // hex(HMAC-SHA256("s3cr3t", "qgg8vlvZRS6UYooatFL8Aw")), computed with Python's hmac module.
        XCTAssertEqual(ZoomWebhookVerifier.encryptedToken(plainToken: "qgg8vlvZRS6UYooatFL8Aw", secret: "s3cr3t"),
                       "86b565e97036973cc44c3b3f24af76cabe70c2cbf5554c32419d44ecf6c0f2ca")
    }
}
