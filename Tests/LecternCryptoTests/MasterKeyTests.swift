import XCTest
import Foundation
@testable import LecternCrypto

final class MasterKeyTests: XCTestCase {
    private let keyBytes = (0..<32).map { UInt8($0 * 7 + 1) }

    func testParsesHex() throws {
        XCTAssertEqual(try MasterKey(parsing: Digest.hex(keyBytes)).bytes, keyBytes)
        XCTAssertEqual(try MasterKey(parsing: Digest.hex(keyBytes).uppercased() + "\n").bytes, keyBytes)
    }

    func testParsesBase64() throws {
        XCTAssertEqual(try MasterKey(parsing: Data(keyBytes).base64EncodedString()).bytes, keyBytes)
    }

    func testRejectsOtherInputWithoutEchoingIt() {
        let invalid = [
            "", "secret", String(Digest.hex(keyBytes).dropLast()), Digest.hex(keyBytes) + "00",
            String(repeating: "g", count: 64), Data(keyBytes.dropLast()).base64EncodedString(),
        ]
        for text in invalid {
            XCTAssertThrowsError(try MasterKey(parsing: text), text) { error in
                XCTAssertEqual(error as? CryptoError, .invalidMasterKey)
                if !text.isEmpty { XCTAssertFalse("\(error)".contains(text)) }
            }
        }
    }

    func testDescriptionIsRedacted() throws {
        let key = try MasterKey(parsing: Digest.hex(keyBytes))
        XCTAssertFalse(String(describing: key).contains(Digest.hex(keyBytes)))
        XCTAssertFalse(String(reflecting: key).contains("\(keyBytes[1])"))
    }
}
