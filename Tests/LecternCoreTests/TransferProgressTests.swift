import Foundation
import XCTest
@testable import LecternCore

final class TransferProgressTests: XCTestCase {
    private let start = Date(timeIntervalSince1970: 1_700_000_000)

    func testNothingMovedYetHasNoRateAndNoETA() {
        let progress = TransferProgress(totalFiles: 4, totalBytes: 4 << 30, started: start)
        XCTAssertNil(progress.rate(now: start.addingTimeInterval(10)))
        XCTAssertNil(progress.eta(now: start.addingTimeInterval(10)))
        XCTAssertEqual(progress.line(now: start.addingTimeInterval(10)), "0/4 files  0 B/4.0 GiB  -- /s  ETA --")
    }

    func testRateCountsOnlyWhatThisRunMoved() {
        var progress = TransferProgress(totalFiles: 4, totalBytes: 400 << 20, started: start)
        progress.record(.alreadyDone, size: 100 << 20)
        progress.record(.transferred, size: 100 << 20)
        let now = start.addingTimeInterval(10)
        XCTAssertEqual(progress.rate(now: now), Double(10 << 20))
        // 200 MiB to go at 10 MiB/s.
        XCTAssertEqual(progress.eta(now: now), 20)
        XCTAssertEqual(progress.line(now: now), "2/4 files  200 MiB/400 MiB  10 MiB/s  ETA 20s")
    }

    func testFailuresAreShown() {
        var progress = TransferProgress(totalFiles: 2, totalBytes: 2048, started: start)
        progress.record(.failed(reason: "boom"), size: 1024)
        XCTAssertEqual(progress.failedFiles, 1)
        XCTAssertEqual(progress.finishedBytes, 1024)
        XCTAssertEqual(progress.movedBytes, 0)
        XCTAssertEqual(progress.line(now: start), "1/2 files  1.0 KiB/2.0 KiB  -- /s  ETA --  1 failed")
    }

    func testDurations() {
        XCTAssertEqual(TransferProgress.durationText(0), "0s")
        XCTAssertEqual(TransferProgress.durationText(0.2), "1s")
        XCTAssertEqual(TransferProgress.durationText(59), "59s")
        XCTAssertEqual(TransferProgress.durationText(65), "1m05s")
        XCTAssertEqual(TransferProgress.durationText(3600), "1h00m")
        XCTAssertEqual(TransferProgress.durationText(2 * 3600 + 7 * 60 + 59), "2h07m")
        XCTAssertEqual(TransferProgress.durationText(3 * 86_400 + 4 * 3600 + 1), "3d04h")
        XCTAssertEqual(TransferProgress.durationText(-5), "0s")
    }

    func testRates() {
        XCTAssertEqual(TransferProgress.rateText(0), "0 B/s")
        XCTAssertEqual(TransferProgress.rateText(36_909_875.2), "35 MiB/s")
        XCTAssertEqual(TransferProgress.rateText(1.5 * 1024 * 1024), "1.5 MiB/s")
    }
}
