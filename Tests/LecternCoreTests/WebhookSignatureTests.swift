import XCTest
@testable import LecternCore

final class WebhookSignatureTests: XCTestCase {
    func testMessageIsVersionTimestampAndRawBytes() {
        let body: [UInt8] = Array("{\"event\":\"x\"}".utf8) + [0x0A, 0x20, 0xFF]
        XCTAssertEqual(WebhookSignature.message(timestamp: "1700000000", body: body),
                       Array("v0:1700000000:".utf8) + body)
    }

    func testClaimedDigestIsSixtyFourHexDigitsAfterV0() {
        let hex = String(repeating: "ab", count: 32)
        XCTAssertEqual(WebhookSignature.claimedDigest("v0=" + hex), Array(hex.utf8))
        XCTAssertEqual(WebhookSignature.claimedDigest("v0=" + hex.uppercased()), Array(hex.utf8))
    }

    func testMalformedHeadersClaimNothing() {
        let hex = String(repeating: "0", count: 64)
        for header in [nil, "", hex, "v1=" + hex, "v0=" + hex.dropLast(), "v0=" + hex + "0", "v0=" + hex.dropLast() + "g",
                       "V0=" + hex, " v0=" + hex, "v0= " + hex.dropLast()] {
            XCTAssertNil(WebhookSignature.claimedDigest(header.map { String($0) }), "\(header ?? "nil")")
        }
    }
}
