import Foundation
import XCTest
@testable import LecternCore

final class BulkCopyReportTests: XCTestCase {
    private func file(_ id: String, _ type: String = "MP4", topic: String = "Algebra", size: Int64 = 1024) -> BulkCopyFile {
        BulkCopyFile(zoomFileID: id, userEmail: "t@school.test", meetingUUID: "m==", topic: topic, fileType: type,
                      fileSize: size, recordingStart: Date(timeIntervalSince1970: 1_736_935_200))
    }

    func testSummaryCountsResultsAndNamesEveryFailure() {
        var report = BulkCopyReport()
        report.add(file("f1", size: 1 << 20), .transferred)
        report.add(file("f2"), .alreadyDone)
        report.add(file("f3"), .doneElsewhere(holder: "transfer:host:1"))
        report.add(file("f4", "CHAT", topic: ""), .failed(reason: "Drive said no"))
        report.add(file("f5"), .gone(reason: "deleted in Zoom"))
        XCTAssertEqual(report.summary, [
            "5 files (1.0 MiB): 1 transferred, 1 already on Drive, 1 copied by another process, 1 gone from Zoom, 1 failed",
            "failed: \"(no topic)\" CHAT file f4 (t@school.test): Drive said no",
        ])
        XCTAssertEqual(report.totals.failed, 1)
    }

    func testSummaryOfNothing() {
        XCTAssertEqual(BulkCopyReport().summary, ["0 files (0 B)"])
    }

    func testResultLinesSayOkOrFailedWithNameAndSize() {
        let f = file("f1", size: 1_610_612_736)
        XCTAssertEqual(BulkCopyResult.transferred.line(for: f), "ok Algebra 2025-01-15 MP4 (1.5 GiB)")
        XCTAssertEqual(BulkCopyResult.alreadyDone.line(for: f), "ok Algebra 2025-01-15 MP4 (1.5 GiB), already on Drive")
        XCTAssertEqual(BulkCopyResult.failed(reason: "x").line(for: f), "failed Algebra 2025-01-15 MP4 (1.5 GiB): x")
        XCTAssertTrue(BulkCopyResult.failed(reason: "x").isFailure)
        XCTAssertFalse(BulkCopyResult.gone(reason: "x").isFailure)
    }

    func testJSONListsEveryFileWithItsResult() throws {
        var report = BulkCopyReport()
        report.add(file("f1"), .transferred)
        report.add(file("f2"), .failed(reason: "boom"))
        let object = try JSONSerialization.jsonObject(with: try report.json()) as? [String: Any]
        let files = object?["files"] as? [[String: Any]]
        XCTAssertEqual(files?.map { $0["result"] as? String }, ["transferred", "failed"])
        XCTAssertEqual(files?[1]["error"] as? String, "boom")
        XCTAssertEqual(files?[0]["zoom_file_id"] as? String, "f1")
        let totals = object?["totals"] as? [String: Int]
        XCTAssertEqual(totals, ["files": 2, "bytes": 2048, "transferred": 1, "already_done": 0, "done_elsewhere": 0,
                                "gone": 0, "failed": 1])
    }
}
