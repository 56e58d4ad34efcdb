import XCTest
@testable import LecternCrypto

final class MD5StreamTests: XCTestCase {
    func testStreamedPiecesMatchTheWholeDigest() {
        let stream = MD5Stream()
        stream.update(Array("a".utf8))
        stream.update([])
        Array("bc".utf8).withUnsafeBytes { stream.update($0) }
        XCTAssertEqual(stream.finalizeHex(), "900150983cd24fb0d6963f7d28e17f72")
    }

    func testFinalizeStartsOver() {
        let stream = MD5Stream()
        stream.update(Array("abc".utf8))
        _ = stream.finalizeHex()
        XCTAssertEqual(stream.finalizeHex(), "d41d8cd98f00b204e9800998ecf8427e")
    }
}
