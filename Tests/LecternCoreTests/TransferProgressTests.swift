import Foundation
import XCTest
@testable import LecternCore

final class TransferProgressTests: XCTestCase {
    private let start = Date(timeIntervalSince1970: 1_700_000_000)
    private let mib: Int64 = 1 << 20

    private func at(_ seconds: TimeInterval) -> Date {
        start.addingTimeInterval(seconds)
    }

    func testNothingMovedYetHasNoRateAndNoETA() {
        let progress = TransferProgress(totalFiles: 4, totalBytes: 4 << 30, started: start)
        XCTAssertNil(progress.rate(now: at(10)))
        XCTAssertNil(progress.eta(now: at(10)))
        XCTAssertEqual(progress.line(now: at(10)), "0/4 files  0 B/4.0 GiB  -- /s  ETA --")
    }

    func testRateCountsOnlyWhatThisRunMoved() {
        var progress = TransferProgress(totalFiles: 4, totalBytes: 400 << 20, started: start)
        progress.record(.alreadyDone, file: "a", size: 100 * mib, now: at(1))
        progress.record(.transferred, file: "b", size: 100 * mib, now: at(10))
        XCTAssertEqual(progress.rate(now: at(10)), Double(10 * mib))
        // 200 MiB to go at 10 MiB/s.
        XCTAssertEqual(progress.eta(now: at(10)), 20)
        XCTAssertEqual(progress.line(now: at(10)), "2/4 files  200 MiB/400 MiB  10 MiB/s  ETA 20s")
    }

    func testBytesAdvanceAsTheyReachDriveNotOnlyPerFinishedFile() {
        // The case seen in a terminal: one 300 MiB file of 900 MiB in flight for a minute.
        var progress = TransferProgress(totalFiles: 3, totalBytes: 900 * mib, started: start)
        progress.record(.alreadyDone, file: "chat", size: 2048, now: at(0.1))
        progress.update(file: "video", bytesOnDrive: 0, now: at(0.2))
        for second in 1...60 {
            progress.update(file: "video", bytesOnDrive: Int64(second) * 4 * mib, now: at(Double(second)))
        }
        XCTAssertEqual(progress.doneBytes, 240 * mib + 2048)
        XCTAssertEqual(progress.rate(now: at(60)), Double(4 * mib), "4 MiB/s over the last 10 s")
        XCTAssertEqual(progress.eta(now: at(60))!, Double(900 * mib - 240 * mib - 2048) / Double(4 * mib), accuracy: 0.001)
        XCTAssertEqual(progress.line(now: at(60)), "1/3 files  240 MiB/900 MiB  4.0 MiB/s  ETA 2m45s")
        progress.record(.transferred, file: "video", size: 300 * mib, now: at(75))
        XCTAssertEqual(progress.movedBytes, 300 * mib)
        XCTAssertEqual(progress.doneBytes, 300 * mib + 2048)
        XCTAssertEqual(progress.line(now: at(75)).prefix(30), "2/3 files  300 MiB/900 MiB  4.")
    }

    func testTheRateFollowsTheRecentWindowAndFallsWhenNothingMoves() {
        var progress = TransferProgress(totalFiles: 1, totalBytes: 1000 * mib, started: start)
        for second in 1...20 {
            // 1 MiB/s for 10 s, then 10 MiB/s.
            let bytes = second <= 10 ? Int64(second) * mib : 10 * mib + Int64(second - 10) * 10 * mib
            progress.update(file: "f", bytesOnDrive: bytes, now: at(Double(second)))
        }
        XCTAssertEqual(progress.rate(now: at(20)), Double(10 * mib), "the slow start no longer counts")
        XCTAssertEqual(progress.rate(now: at(25)), Double(50 * mib) / 10, "a stall halves it within 5 s")
        XCTAssertEqual(progress.rate(now: at(40)), 0)
        XCTAssertNil(progress.eta(now: at(40)), "no ETA while nothing moves")
    }

    func testWhatAnEarlierRunLeftOnDriveIsDoneButNotMoved() {
        var progress = TransferProgress(totalFiles: 1, totalBytes: 100 * mib, started: start)
        progress.update(file: "f", bytesOnDrive: 80 * mib, now: at(1))
        XCTAssertEqual(progress.doneBytes, 80 * mib)
        XCTAssertNil(progress.rate(now: at(2)), "a resumed session's bytes are no speed")
        progress.update(file: "f", bytesOnDrive: 90 * mib, now: at(2))
        XCTAssertEqual(progress.rate(now: at(2)), Double(5 * mib))
        progress.record(.transferred, file: "f", size: 100 * mib, now: at(3))
        XCTAssertEqual(progress.movedBytes, 20 * mib)
    }

    func testASessionStartedOverGoesBackWithoutANegativeRate() {
        var progress = TransferProgress(totalFiles: 1, totalBytes: 100 * mib, started: start)
        progress.update(file: "f", bytesOnDrive: 0, now: at(0.5))
        progress.update(file: "f", bytesOnDrive: 40 * mib, now: at(4))
        progress.update(file: "f", bytesOnDrive: 0, now: at(5))
        XCTAssertEqual(progress.doneBytes, 0)
        XCTAssertEqual(progress.movedBytes, 0)
        XCTAssertNil(progress.rate(now: at(5)), "nothing this run moved is left on Drive")
        progress.record(.transferred, file: "f", size: 100 * mib, now: at(10))
        XCTAssertEqual(progress.movedBytes, 100 * mib)
    }

    func testFailuresAreShown() {
        var progress = TransferProgress(totalFiles: 2, totalBytes: 2048, started: start)
        progress.update(file: "f", bytesOnDrive: 0, now: start)
        progress.update(file: "f", bytesOnDrive: 512, now: at(1))
        progress.record(.failed(reason: "boom"), file: "f", size: 1024, now: at(2))
        XCTAssertEqual(progress.failedFiles, 1)
        XCTAssertEqual(progress.finishedBytes, 1024)
        XCTAssertEqual(progress.doneBytes, 1024)
        XCTAssertEqual(progress.movedBytes, 512, "what moved before the failure did move")
        XCTAssertEqual(progress.line(now: at(2)), "1/2 files  1.0 KiB/2.0 KiB  256 B/s  ETA 4s  1 failed")
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
