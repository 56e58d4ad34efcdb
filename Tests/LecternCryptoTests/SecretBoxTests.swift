import XCTest
import Foundation
@testable import LecternCrypto

final class SecretBoxTests: XCTestCase {
    private func box(_ hexByte: String = "ab") throws -> SecretBox {
        SecretBox(key: try MasterKey(parsing: String(repeating: hexByte, count: 32)))
    }

    func testSealThenOpen() throws {
        let box = try box()
        for secret in ["zoom-client-secret", "", "ünïcødé ✓", String(repeating: "x", count: 10_000)] {
            let sealed = box.seal(secret)
            XCTAssertTrue(sealed.hasPrefix("v1:"))
            XCTAssertFalse(sealed.contains(secret) && !secret.isEmpty)
            XCTAssertEqual(try box.open(sealed), secret)
        }
    }

    func testSealsDiffer() throws {
        let box = try box()
        XCTAssertNotEqual(box.seal("same"), box.seal("same"))
    }

    func testTamperingIsDetected() throws {
        let box = try box()
        let sealed = box.seal("download-token")
        var payload = [UInt8](try XCTUnwrap(Data(base64Encoded: String(sealed.dropFirst(3)))))
        for index in [0, 12, payload.count - 1] {
            payload[index] ^= 0x01
            XCTAssertThrowsError(try box.open("v1:" + Data(payload).base64EncodedString())) { error in
                XCTAssertEqual(error as? CryptoError, .decryptionFailed)
            }
            payload[index] ^= 0x01
        }
        XCTAssertEqual(try box.open("v1:" + Data(payload).base64EncodedString()), "download-token")
    }

    func testWrongKeyFails() throws {
        let sealed = try box("ab").seal("secret")
        XCTAssertThrowsError(try box("cd").open(sealed)) { error in
            XCTAssertEqual(error as? CryptoError, .decryptionFailed)
        }
    }

    func testGarbageFails() throws {
        let box = try box()
        let nonceAndTagOnly = Data(count: 28).base64EncodedString()
        for garbage in ["", "v1:", "v1:!!!", "v2:" + nonceAndTagOnly, "v1:" + Data(count: 27).base64EncodedString(),
                        "v1:" + nonceAndTagOnly, "plain text"] {
            XCTAssertThrowsError(try box.open(garbage), garbage) { error in
                XCTAssertEqual(error as? CryptoError, .decryptionFailed)
            }
        }
    }

    func testABoundValueOpensOnlyWhereItWasSealed() throws {
        let box = try box()
        let place = SealContext(table: "lessons", column: "zoom_start_url_enc", rowID: 7)
        let sealed = box.seal("https://zoom.us/s/1?zak=secret", for: place)
        XCTAssertTrue(sealed.hasPrefix("v2:"))
        XCTAssertTrue(SecretBox.isBound(sealed))
        XCTAssertEqual(try box.open(sealed, for: place), "https://zoom.us/s/1?zak=secret")
        for elsewhere in [SealContext(table: "lessons", column: "zoom_start_url_enc", rowID: 8),
                          SealContext(table: "events", column: "zoom_start_url_enc", rowID: 7),
                          SealContext(table: "lessons", column: "other_enc", rowID: 7)] {
            XCTAssertThrowsError(try box.open(sealed, for: elsewhere, acceptingUnbound: true))
        }
        XCTAssertThrowsError(try box.open(sealed), "a bound value is not an unbound one")
    }

    func testUnboundValuesOpenInAPlaceOnlyWhenAccepted() throws {
        let box = try box()
        let place = SealContext(table: "zoom_apps", column: "client_secret_enc", rowID: 1)
        let legacy = box.seal("s3cret")
        XCTAssertFalse(SecretBox.isBound(legacy))
        XCTAssertEqual(try box.open(legacy, for: place, acceptingUnbound: true), "s3cret")
        XCTAssertThrowsError(try box.open(legacy, for: place))
    }
}
