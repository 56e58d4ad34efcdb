@testable import LecternDrive
import XCTest

final class UploadRangeTests: XCTestCase {
    func testContentRanges() {
        XCTAssertEqual(UploadRange.contentRange(offset: 0, count: 262_144, total: 1_000_000), "bytes 0-262143/1000000")
        XCTAssertEqual(UploadRange.contentRange(offset: 786_432, count: 213_568, total: 1_000_000), "bytes 786432-999999/1000000")
        XCTAssertEqual(UploadRange.statusQuery(total: 42), "bytes */42")
    }

    func testRangeHeaderGivesTheNextByte() {
        XCTAssertEqual(UploadRange.received(fromRangeHeader: "bytes=0-262143"), 262_144)
        XCTAssertEqual(UploadRange.received(fromRangeHeader: " bytes=0-0 "), 1)
    }

    func testNoRangeHeaderMeansNothingReceived() {
        XCTAssertEqual(UploadRange.received(fromRangeHeader: nil), 0)
    }

    func testMalformedRangeHeaders() {
        for header in ["", "bytes=0-", "bytes=5-9", "bytes 0-9", "bytes=0--1", "bytes=0-x", "items=0-9"] {
            XCTAssertNil(UploadRange.received(fromRangeHeader: header), header)
        }
    }

    func testChunkRules() throws {
        let unit = DriveClient.chunkGranularity
        XCTAssertNoThrow(try DriveClient.checkChunk(count: 2 * unit, offset: 0, total: 10_000_000))
        XCTAssertNoThrow(try DriveClient.checkChunk(count: 5, offset: Int64(unit), total: Int64(unit) + 5))
        XCTAssertThrowsError(try DriveClient.checkChunk(count: unit + 1, offset: 0, total: 10_000_000))
        XCTAssertThrowsError(try DriveClient.checkChunk(count: unit, offset: 1, total: Int64(unit)))
        XCTAssertThrowsError(try DriveClient.checkChunk(count: 0, offset: 0, total: 10))
        XCTAssertThrowsError(try DriveClient.checkChunk(count: 5, offset: -1, total: 10))
    }
}
