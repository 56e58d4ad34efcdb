import Foundation
import LecternCore
import LecternStore
@testable import LecternTransfer
import LecternTestSupport
import Logging
import XCTest

/// A zoom2drive lane against a real MariaDB (`LECTERN_TEST_DB_URL`), with a stand-in for the
/// recording pipeline: which files it runs itself, which it waits for, which it skips.
final class BulkCopyLaneTests: XCTestCase {
    private var url: DatabaseURL!
    private var db: Connection!
    private var lane: BulkCopyLane!
    private var pipeline: FakePipeline!
    private let logger = TestDatabase.logger

    override func setUpWithError() throws {
        url = try TestDatabase.migrated("lanes", logger: logger)
        db = Connection(url: url, logger: logger)
        // The pool's app: recordings of meetings unknown to Lectern are archived only for it.
        try ZoomAppRepository(db).saveEnvironmentApp(accountID: "acc", clientID: "cid", clientSecretSealed: "v1:unused",
                                                      webhookSecretSealed: nil)
        pipeline = FakePipeline(db: db)
        let process = TransferProcess(db: db, handlers: [pipeline], label: "zoom2drive", logger: logger) { [url, logger] in
            Connection(url: url!, logger: logger)
        }
        lane = BulkCopyLane(db: db, process: process, logger: logger, waitLimit: 5, pollInterval: 0.05)
    }

    override func tearDown() {
        lane?.close()
        db?.close()
    }

    /// Admits a meeting with one MP4 as the webhook would; returns the file as zoom2drive lists it.
    private func admitted(_ id: String) throws -> BulkCopyFile {
        let file = WebhookRecordingFile(id: id, fileType: "MP4", fileExtension: "MP4", fileSize: 1000,
                                        downloadURL: "https://zoom.test/rec/\(id)", status: "completed")
        let meeting = WebhookMeeting(id: "81", uuid: "uuid-\(id)", topic: "Algebra", hostEmail: "t@school.test")
        try db.transaction { tx in
            _ = try RecordingRepository(tx).admit(WebhookRecordings(meeting: meeting, downloadToken: nil, files: [file]),
                                                  fileTypes: ["MP4"], appID: 1, downloadTokenSealed: nil,
                                                  downloadTokenExpiresAt: nil)
        }
        return BulkCopyFile(zoomFileID: id, userEmail: "t@school.test", meetingUUID: "uuid-\(id)", topic: "Algebra",
                             fileType: "MP4", fileSize: 1000)
    }

    private func job(_ id: String) throws -> (status: String, attempts: Int64, lockedBy: String?) {
        let row = try XCTUnwrap(try db.query("SELECT status, attempts, locked_by FROM jobs WHERE dedupe_key = ?",
                                             [.text("transfer:\(id)")]).first)
        return (row.string("status") ?? "", row.int("attempts") ?? -1, row.string("locked_by"))
    }

    func testAPendingFileIsRunHereAndItsJobRecordedAsDone() throws {
        let file = try admitted("f1")
        XCTAssertEqual(lane.transfer(file), .transferred)
        XCTAssertEqual(pipeline.ran, ["f1"])
        let state = try job("f1")
        XCTAssertEqual(state.status, "done")
        XCTAssertEqual(state.attempts, 1)
        XCTAssertTrue(state.lockedBy?.hasPrefix("zoom2drive:") ?? false, "\(state)")
    }

    func testAFileOnDriveIsSkipped() throws {
        let file = try admitted("f2")
        XCTAssertEqual(lane.transfer(file), .transferred)
        XCTAssertEqual(lane.transfer(file), .alreadyDone)
        XCTAssertEqual(pipeline.ran, ["f2"])
    }

    func testAFileAnotherProcessHoldsIsWaitedForAndNotRunHere() throws {
        let file = try admitted("f3")
        let other = Connection(url: url, logger: logger)
        defer { other.close() }
        let held = try XCTUnwrap(try JobQueue(other).claim(holder: "transfer:child", leaseSeconds: 60))
        // `other` is closed only once the finisher is done with it: the lane may see the job
        // done while the finisher's statement is still reading the server's answer.
        let finisherDone = DispatchSemaphore(value: 0)
        let finisher = Thread {
            defer { finisherDone.signal() }
            Thread.sleep(forTimeInterval: 0.3)
            try? FakePipeline.markReady(db: other, zoomFileID: "f3")
            _ = try? JobQueue(other).finish(held, holder: "transfer:child", outcome: .done, jitter: 0)
        }
        finisher.start()
        defer { _ = finisherDone.wait(timeout: .now() + 30) }
        let started = Date()
        XCTAssertEqual(lane.transfer(file), .doneElsewhere(holder: "transfer:child"))
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.25)
        XCTAssertEqual(pipeline.ran, [])
        XCTAssertEqual(try job("f3").attempts, 1, "claimed once, by the other process")
    }

    func testAFileTheChildMovedDuringTheRunIsReportedAsMovedByAnotherProcess() throws {
        let before = try admitted("f8")
        let during = try admitted("f9")
        try finishedElsewhere("f8", holder: "transfer:earlier")
        Thread.sleep(forTimeInterval: 0.01)
        let runStarted = try XCTUnwrap(try db.query("SELECT UTC_TIMESTAMP(6) AS now").first?.date("now"))
        let process = TransferProcess(db: db, handlers: [pipeline], label: "zoom2drive", logger: logger) { [url, logger] in
            Connection(url: url!, logger: logger)
        }
        let run = BulkCopyLane(db: db, process: process, logger: logger, waitLimit: 5, pollInterval: 0.05,
                                runStarted: runStarted)
        defer { run.close() }
        try finishedElsewhere("f9", holder: "transfer:child")
        XCTAssertEqual(run.transfer(during), .doneElsewhere(holder: "transfer:child"))
        XCTAssertEqual(run.transfer(before), .alreadyDone, "on Drive before the run began")
        XCTAssertEqual(pipeline.ran, [])
    }

    /// Another process claims the file's job, makes it ready and finishes the job.
    private func finishedElsewhere(_ id: String, holder: String) throws {
        guard case .claimed(let job) = try JobQueue(db).claim(dedupeKey: "transfer:\(id)", holder: holder, leaseSeconds: 60)
        else { return XCTFail("not claimable") }
        try FakePipeline.markReady(db: db, zoomFileID: id)
        XCTAssertTrue(try JobQueue(db).finish(job, holder: holder, outcome: .done, jitter: 0))
    }

    func testADeadHoldersFileIsTakenOverWhenItsLeaseLapses() throws {
        let file = try admitted("f4")
        let dead = try XCTUnwrap(try JobQueue(db).claim(holder: "transfer:dead", leaseSeconds: 60))
        try db.execute("UPDATE jobs SET locked_until = UTC_TIMESTAMP(6) + INTERVAL 300000 MICROSECOND WHERE id = ?",
                       [.int(dead.id)])
        XCTAssertEqual(lane.transfer(file), .transferred)
        XCTAssertEqual(pipeline.ran, ["f4"])
        XCTAssertEqual(try job("f4").attempts, 2)
    }

    func testAFileStillHeldAfterTheWaitLimitFails() throws {
        let file = try admitted("f5")
        _ = try XCTUnwrap(try JobQueue(db).claim(holder: "transfer:slow", leaseSeconds: 600))
        let process = TransferProcess(db: db, handlers: [pipeline], label: "zoom2drive", logger: logger) { [db] in db! }
        let impatient = BulkCopyLane(db: db, process: process, logger: logger, waitLimit: 0.2, pollInterval: 0.05)
        guard case .failed(let reason) = impatient.transfer(file) else { return XCTFail("expected a failure") }
        XCTAssertTrue(reason.contains("transfer:slow"), reason)
        XCTAssertEqual(pipeline.ran, [])
    }

    func testAFailedAttemptIsAFailureAndAFailedFileIsRetriedByTheNextRun() throws {
        let file = try admitted("f6")
        pipeline.outcome = .retry(reason: "Drive is down")
        XCTAssertEqual(lane.transfer(file), .failed(reason: "Drive is down"))
        XCTAssertEqual(try job("f6").status, "pending", "the queue backs off as usual")
        // The attempts ran out meanwhile: recording and job are failed.
        try db.execute("UPDATE recordings SET status = 'failed' WHERE zoom_file_id = 'f6'")
        try db.execute("UPDATE jobs SET status = 'failed' WHERE dedupe_key = 'transfer:f6'")
        pipeline.outcome = .done
        XCTAssertEqual(lane.transfer(file), .transferred)
        XCTAssertEqual(pipeline.ran, ["f6", "f6"])
    }

    func testAFileZoomLostIsGone() throws {
        let file = try admitted("f7")
        pipeline.outcome = .cancelled(reason: "Zoom no longer has the recording file")
        XCTAssertEqual(lane.transfer(file), .gone(reason: "Zoom no longer has the recording file"))
    }

    func testAFileNeverAdmittedFails() {
        let file = BulkCopyFile(zoomFileID: "nope", userEmail: "t@school.test", meetingUUID: "u", topic: "T",
                                 fileType: "MP4", fileSize: 1)
        XCTAssertEqual(lane.transfer(file), .failed(reason: "the file was not admitted to the pipeline"))
    }
}

/// Stands in for the recording pipeline: notes the files it runs and makes them ready.
final class FakePipeline: JobHandler {
    let db: Connection
    var outcome: JobOutcome = .done
    private(set) var ran: [String] = []

    init(db: Connection) {
        self.db = db
    }

    var kind: String { RecordingTransferJob.kind }

    func run(_ job: JobQueue.ClaimedJob) throws -> JobOutcome {
        let payload = try JSONDecoder().decode(RecordingTransferJob.Payload.self, from: Data(job.payload.utf8))
        let fileID = try XCTUnwrap(try db.query("SELECT zoom_file_id FROM recordings WHERE id = ?",
                                                [.int(payload.recordingId)]).first?.string("zoom_file_id"))
        ran.append(fileID)
        if outcome == .done { try Self.markReady(db: db, zoomFileID: fileID) }
        return outcome
    }

    static func markReady(db: Connection, zoomFileID: String) throws {
        // As the pipeline's last write leaves a row (the fake holds no lease to name).
        _ = try db.execute("""
            UPDATE recordings SET status = 'ready', drive_file_id = ?, drive_folder_id = 'folder', md5 = 'md5'
            WHERE zoom_file_id = ?
            """, [.text("drive-\(zoomFileID)"), .text(zoomFileID)])
    }
}
