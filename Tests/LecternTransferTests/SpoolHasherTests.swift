import Foundation
@testable import LecternTransfer
import XCTest

/// The hasher follows the writer on a thread of its own; whatever the writer does (resume on
/// a prefix, go back), the MD5 is the one of the file's final bytes.
final class SpoolHasherTests: XCTestCase {
    private var directory = ""
    private let fox = "The quick brown fox jumps over the lazy dog"
    private let foxMD5 = "9e107d9d372bb6826bd81d3542a419d6"

    override func setUp() {
        directory = NSTemporaryDirectory() + "spool-hasher-tests-\(UUID().uuidString)"
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func append(_ text: String, to spool: SpoolFile) throws {
        try Array(text.utf8).withUnsafeBytes { try spool.append($0) }
    }

    private func waitUntilClaimed(_ length: Int64, by hasher: SpoolHasher) {
        let deadline = Date().addingTimeInterval(10)
        while hasher.claimedBytes < length, Date() < deadline { usleep(1_000) }
        XCTAssertEqual(hasher.claimedBytes, length)
    }

    func testAnEmptyFileHasTheEmptyMD5() throws {
        let spool = try SpoolFile(directory: directory, zoomFileID: "empty")
        let result = try SpoolHasher(spool: spool, written: 0, bufferSize: 4).finish()
        XCTAssertEqual(result.size, 0)
        XCTAssertEqual(result.md5, "d41d8cd98f00b204e9800998ecf8427e")
    }

    /// A resumed download keeps what an earlier attempt wrote: that prefix counts too.
    func testAResumedFileIsHashedFromItsFirstByte() throws {
        let spool = try SpoolFile(directory: directory, zoomFileID: "resumed")
        try append("The quick brown ", to: spool)
        let hasher = SpoolHasher(spool: spool, written: 16, bufferSize: 4)
        try append("fox jumps over the lazy dog", to: spool)
        hasher.follow(to: 43)
        let result = try hasher.finish()
        XCTAssertEqual(result.size, 43)
        XCTAssertEqual(result.md5, foxMD5)
    }

    /// The writer went back below what was hashed (a retry resuming earlier) and wrote other bytes.
    func testBytesHashedPastAStepBackAreHashedAgain() throws {
        let spool = try SpoolFile(directory: directory, zoomFileID: "back")
        try append("The quick brown cat", to: spool)
        let hasher = SpoolHasher(spool: spool, written: 0, bufferSize: 4)
        hasher.follow(to: 19)
        waitUntilClaimed(19, by: hasher)
        hasher.follow(to: 16)
        try spool.truncate(to: 16)
        try append("fox jumps over the lazy dog", to: spool)
        hasher.follow(to: 43)
        XCTAssertEqual(try hasher.finish().md5, foxMD5)
    }

    /// Zoom ignored the `Range` and sent the whole file again: the writer starts over.
    func testARestartFromZeroIsHashedFromZero() throws {
        let spool = try SpoolFile(directory: directory, zoomFileID: "restart")
        try append("other bytes, hashed before the restart", to: spool)
        let hasher = SpoolHasher(spool: spool, written: 38, bufferSize: 8)
        waitUntilClaimed(38, by: hasher)
        hasher.follow(to: 0)
        try spool.truncate(to: 0)
        for word in fox.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            try append((word.offset == 0 ? "" : " ") + word.element, to: spool)
            hasher.follow(to: SpoolFile.existingSize(directory: directory, zoomFileID: "restart")!)
        }
        let result = try hasher.finish()
        XCTAssertEqual(result.size, 43)
        XCTAssertEqual(result.md5, foxMD5)
    }

    /// The upload may send only what is written and hashed: that is what the hasher reports,
    /// and a step back below it is reported before the writer truncates.
    func testProgressIsWhatIsHashedAndGoesBackWithTheWriter() throws {
        let spool = try SpoolFile(directory: directory, zoomFileID: "progress")
        let lock = NSLock()
        var reported: [Int64] = []
        try append("The quick brown cat", to: spool)
        let hasher = SpoolHasher(spool: spool, written: 19, bufferSize: 4) { length in
            lock.lock()
            reported.append(length)
            lock.unlock()
        }
        waitUntilClaimed(19, by: hasher)
        hasher.follow(to: 16)
        lock.lock()
        XCTAssertEqual(reported.last, 0, "bytes hashed past the step back: the hash starts over")
        lock.unlock()
        try spool.truncate(to: 16)
        try append("fox jumps over the lazy dog", to: spool)
        hasher.follow(to: 43)
        XCTAssertEqual(try hasher.finish().md5, foxMD5)
        lock.lock()
        XCTAssertEqual(reported.last, 43)
        XCTAssertTrue(reported.allSatisfy { $0 <= 43 }, "\(reported)")
        lock.unlock()
    }

    func testStopEndsTheThreadWhileItWaitsForBytes() throws {
        let spool = try SpoolFile(directory: directory, zoomFileID: "stopped")
        let hasher = SpoolHasher(spool: spool, written: 0, bufferSize: 4)
        let stopped = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            hasher.stop()
            hasher.stop()
            stopped.signal()
        }
        XCTAssertEqual(stopped.wait(timeout: .now() + 10), .success)
    }
}
