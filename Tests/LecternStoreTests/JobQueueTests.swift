import Foundation
import LecternCore
@testable import LecternStore
import LecternTestSupport
import XCTest

/// Claims by dedupe key (as `lectern zoom2drive` makes them) against a real MariaDB: one
/// holder at a time, whether the other is a transfer process or another keyed claimer.
final class JobQueueTests: XCTestCase {
    private var url: DatabaseURL!
    private var db: Connection!

    override func setUpWithError() throws {
        url = try TestDatabase.migrated("jobs")
        db = Connection(url: url, logger: TestDatabase.logger)
    }

    override func tearDown() {
        db?.close()
    }

    private func claimed(_ claim: JobQueue.KeyedClaim, file: StaticString = #filePath, line: UInt = #line) -> JobQueue.ClaimedJob? {
        guard case .claimed(let job) = claim else {
            XCTFail("expected a claim, got \(claim)", file: file, line: line)
            return nil
        }
        return job
    }

    func testAPendingJobIsClaimedWhateverItsRunAtAndThenHeldByItsClaimer() throws {
        let queue = JobQueue(db)
        try queue.enqueue(kind: "recording.transfer", payload: "{}", runAt: Date().addingTimeInterval(3600),
                          dedupeKey: "transfer:f1")
        let job = try XCTUnwrap(claimed(try queue.claim(dedupeKey: "transfer:f1", holder: "zoom2drive:a", leaseSeconds: 60)))
        XCTAssertEqual(job.attempts, 1)
        guard case .running(let holder) = try queue.claim(dedupeKey: "transfer:f1", holder: "zoom2drive:b", leaseSeconds: 60)
        else { return XCTFail("a held job must not be claimed twice") }
        XCTAssertEqual(holder, "zoom2drive:a")
        XCTAssertNil(try queue.claim(holder: "transfer:c", leaseSeconds: 60), "the queue's own claim must not take it either")
        XCTAssertTrue(try queue.heartbeat(id: job.id, holder: "zoom2drive:a", leaseSeconds: 60))
        XCTAssertTrue(try queue.finish(job, holder: "zoom2drive:a", outcome: .done, jitter: 0))
        guard case .finished(.done, nil) = try queue.claim(dedupeKey: "transfer:f1", holder: "zoom2drive:b", leaseSeconds: 60)
        else { return XCTFail("a done job stays done") }
    }

    func testAnExpiredLeaseIsTakenOver() throws {
        let queue = JobQueue(db)
        try queue.enqueue(kind: "recording.transfer", dedupeKey: "transfer:f2")
        let dead = try XCTUnwrap(try queue.claim(holder: "transfer:dead", leaseSeconds: 60))
        try db.execute("UPDATE jobs SET locked_until = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND WHERE id = ?", [.int(dead.id)])
        let job = try XCTUnwrap(claimed(try queue.claim(dedupeKey: "transfer:f2", holder: "zoom2drive:a", leaseSeconds: 60)))
        XCTAssertEqual(job.id, dead.id)
        XCTAssertEqual(job.attempts, 2)
        XCTAssertFalse(try queue.finish(dead, holder: "transfer:dead", outcome: .done, jitter: 0),
                       "the dead holder's late outcome is not recorded")
    }

    func testFinishedAndMissingJobsSayWhat() throws {
        let queue = JobQueue(db)
        try queue.enqueue(kind: "recording.transfer", dedupeKey: "transfer:f3")
        let job = try XCTUnwrap(claimed(try queue.claim(dedupeKey: "transfer:f3", holder: "a", leaseSeconds: 60)))
        try queue.finish(job, holder: "a", outcome: .failed(reason: "Drive said no"), jitter: 0)
        guard case .finished(.failed, let error) = try queue.claim(dedupeKey: "transfer:f3", holder: "b", leaseSeconds: 60)
        else { return XCTFail("a failed job is not claimed again") }
        XCTAssertEqual(error, "Drive said no")
        guard case .missing = try queue.claim(dedupeKey: "transfer:none", holder: "b", leaseSeconds: 60)
        else { return XCTFail("no such job") }
    }

    func testARetriedJobWaitingForItsBackoffIsClaimedAtOnce() throws {
        let queue = JobQueue(db)
        try queue.enqueue(kind: "recording.transfer", dedupeKey: "transfer:f4")
        let first = try XCTUnwrap(try queue.claim(holder: "transfer:a", leaseSeconds: 60))
        try queue.finish(first, holder: "transfer:a", outcome: .retry(reason: "timeout"), jitter: 0)
        XCTAssertNil(try queue.claim(holder: "transfer:a", leaseSeconds: 60), "backing off")
        let again = try XCTUnwrap(claimed(try queue.claim(dedupeKey: "transfer:f4", holder: "zoom2drive:b", leaseSeconds: 60)))
        XCTAssertEqual(again.attempts, 2)
    }

    func testARowBeingClaimedElsewhereIsSkippedWithoutWaiting() throws {
        let queue = JobQueue(db)
        try queue.enqueue(kind: "recording.transfer", dedupeKey: "transfer:f5")
        let other = Connection(url: url, logger: TestDatabase.logger, lockWaitTimeout: 5)
        defer { other.close() }
        let started = Date()
        let claim = try db.transaction { tx -> JobQueue.KeyedClaim in
            // This transaction holds the row as a claim in progress would.
            _ = try tx.query("SELECT id FROM jobs WHERE dedupe_key = 'transfer:f5' FOR UPDATE")
            return try JobQueue(other).claim(dedupeKey: "transfer:f5", holder: "zoom2drive:b", leaseSeconds: 60)
        }
        guard case .running = claim else { return XCTFail("expected running, got \(claim)") }
        XCTAssertLessThan(Date().timeIntervalSince(started), 2, "SKIP LOCKED does not wait for the lock")
        XCTAssertNotNil(claimed(try queue.claim(dedupeKey: "transfer:f5", holder: "zoom2drive:b", leaseSeconds: 60)))
    }
}
