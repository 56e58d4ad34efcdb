import Foundation
import LecternStore
@testable import LecternTransfer
import LecternTestSupport
import Logging
import XCTest

/// The lease keeper against a real MariaDB (`LECTERN_TEST_DB_URL`): a lease another holder
/// took over, or one no heartbeat could renew before it ran out, is marked lost.
final class LeaseKeeperTests: XCTestCase {
    private var url: DatabaseURL!
    private var db: Connection!
    private let logger = TestDatabase.logger

    override func setUpWithError() throws {
        url = try TestDatabase.migrated("leases", logger: logger)
        db = Connection(url: url, logger: logger)
    }

    override func tearDown() {
        db?.close()
    }

    private func claimed(holder: String, leaseSeconds: Int) throws -> JobQueue.ClaimedJob {
        try JobQueue(db).enqueue(kind: "recording.transfer", payload: "{}", dedupeKey: "k-\(UUID().uuidString)")
        return try XCTUnwrap(try JobQueue(db).claim(holder: holder, leaseSeconds: leaseSeconds))
    }

    private func waitUntilLost(_ lease: JobLease, within seconds: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !lease.isLost, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        return lease.isLost
    }

    func testALeaseTakenOverIsMarkedLostAndAKeptOneIsNot() throws {
        let keeper = LeaseKeeper(holder: "me:1:a", leaseSeconds: 3, logger: logger) { [url, logger] in
            Connection(url: url!, logger: logger)
        }
        defer { keeper.stop() }
        let job = try claimed(holder: "me:1:a", leaseSeconds: 3)
        keeper.start()
        keeper.keep(job.lease)
        Thread.sleep(forTimeInterval: 2.5)
        XCTAssertFalse(job.lease.isLost, "heartbeats keep a lease that is ours")
        XCTAssertTrue(try job.lease.confirm(in: db))
        try db.execute("UPDATE jobs SET locked_by = 'other:2:b' WHERE id = ?", [.int(job.id)])
        XCTAssertTrue(waitUntilLost(job.lease, within: 5))
        XCTAssertThrowsError(try job.lease.check()) { XCTAssertTrue($0 is JobLeaseLost) }
    }

    func testALeaseNoHeartbeatCouldRenewIsLostOnceItRanOut() throws {
        // The keeper's connection points at a database that does not exist: every heartbeat fails.
        var broken = url!
        broken.database += "_missing"
        let keeper = LeaseKeeper(holder: "me:1:a", leaseSeconds: 2, logger: logger) { [logger] in
            Connection(url: broken, logger: logger)
        }
        defer { keeper.stop() }
        let job = try claimed(holder: "me:1:a", leaseSeconds: 2)
        keeper.start()
        keeper.keep(job.lease)
        XCTAssertFalse(job.lease.isLost)
        XCTAssertTrue(waitUntilLost(job.lease, within: 5))
    }

    func testAWriteThatNamesALostLeaseChangesNothing() throws {
        let job = try claimed(holder: "me:1:a", leaseSeconds: 60)
        try db.execute("""
            INSERT INTO recordings (zoom_file_id, meeting_uuid, file_type, file_extension, file_size, status)
            VALUES ('zf', 'u', 'MP4', 'MP4', 10, 'downloading')
            """)
        let id = try XCTUnwrap(try db.query("SELECT id FROM recordings").first?.int("id"))
        let recordings = RecordingRepository(db)
        try recordings.saveUploadSession(id: id, sealed: "s", confirmedOffset: 262_144, folderID: "f", lease: job.lease)
        try recordings.saveUploadSession(id: id, sealed: "s", confirmedOffset: 262_144, folderID: "f", lease: job.lease)
        XCTAssertFalse(job.lease.isLost, "a write that changes nothing under a held lease is not a lost lease")
        try db.execute("UPDATE jobs SET locked_by = 'other:2:b' WHERE id = ?", [.int(job.id)])
        XCTAssertThrowsError(try recordings.saveUploadSession(id: id, sealed: "t", confirmedOffset: 524_288, folderID: "f",
                                                              lease: job.lease)) { XCTAssertTrue($0 is JobLeaseLost) }
        XCTAssertTrue(job.lease.isLost)
        XCTAssertEqual(try db.query("SELECT upload_offset FROM recordings").first?.int("upload_offset"), 262_144)
        XCTAssertThrowsError(try recordings.markReady(
            id: id, copy: .init(driveFileID: "d", folderID: "f", webViewLink: "l", md5: "m", availableUntil: nil),
            mail: nil, lease: job.lease, now: Date())) { XCTAssertTrue($0 is JobLeaseLost) }
        XCTAssertEqual(try db.query("SELECT status FROM recordings").first?.string("status"), "downloading")
    }
}
