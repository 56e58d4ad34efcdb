import Foundation
import LecternCore
import LecternSMTP
@testable import LecternStore
@testable import LecternTransfer
import LecternTestSupport
import Logging
import XCTest

/// `duty.send_notifications` against a real MariaDB (`LECTERN_TEST_DB_URL`) with a fake mail
/// transport: what is sent, retried, given up and skipped, and claims between two senders.
final class SendNotificationsJobTests: XCTestCase {
    private var url: DatabaseURL!
    private var db: Connection!
    private let logger = TestDatabase.logger

    /// Records what it sends; fails for the recipients it is told to.
    final class FakeTransport: MailTransport {
        var sent: [(from: String, to: [String], message: String)] = []
        var refuse: Set<String> = []
        var onSend: (() throws -> Void)?

        func send(from sender: MailAddress, to recipients: [MailAddress], message: [UInt8]) throws {
            try onSend?()
            if let refused = recipients.first(where: { refuse.contains($0.description) }) {
                throw SMTPError(curlCode: 55, replyCode: 550, message: "RCPT failed for \(refused)")
            }
            sent.append((sender.description, recipients.map(\.description), String(decoding: message, as: UTF8.self)))
        }
    }

    override func setUpWithError() throws {
        url = try TestDatabase.migrated("notify", logger: logger)
        db = Connection(url: url, logger: logger)
    }

    override func tearDown() {
        db?.close()
    }

    private func job(_ handler: SendNotificationsJob, id: Int64 = 1) throws -> JobOutcome {
        try handler.run(JobQueue.ClaimedJob(id: id, kind: SendNotificationsJob.kind, subject: nil, payload: "{}",
                                            attempts: 1, maxAttempts: 1))
    }

    private func handler(_ transport: FakeTransport, db: Connection? = nil) throws -> SendNotificationsJob {
        SendNotificationsJob(db: db ?? self.db, mail: .init(transport: transport, from: try MailMailbox(parsing: "Lectern <l@school.test>"),
                                                            sendTimeout: 5), logger: logger)
    }

    @discardableResult
    private func insert(_ email: String, subject: String = "Hi", dueSecondsAgo: Int = 1) throws -> Int64 {
        try db.execute("""
            INSERT INTO notifications (kind, recipient_email, subject, body, due_at)
            VALUES ('test', ?, ?, 'Body text', UTC_TIMESTAMP(6) - INTERVAL ? SECOND)
            """, [.text(email), .text(subject), .int(Int64(dueSecondsAgo))]).lastInsertID
    }

    private func row(_ id: Int64) throws -> Row {
        try XCTUnwrap(try db.query("""
            SELECT sent_at, attempts, last_error, failed_at, retry_at, claimed_by,
                   TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(6), retry_at) AS retry_in
            FROM notifications WHERE id = ?
            """, [.int(id)]).first)
    }

    func testDueRowsAreSentOnceAndFutureOnesWait() throws {
        let transport = FakeTransport()
        let due = try insert("a@school.test", subject: "Запись готова")
        let later = try insert("b@school.test", dueSecondsAgo: -3600)
        XCTAssertEqual(try job(try handler(transport)), .done)
        XCTAssertEqual(transport.sent.map(\.to), [["a@school.test"]])
        XCTAssertEqual(transport.sent.first?.from, "l@school.test")
        XCTAssertTrue(transport.sent.first?.message.contains("Subject: =?UTF-8?B?") == true)
        XCTAssertTrue(transport.sent.first?.message.contains("Message-ID: <lectern.notification.\(due).") == true)
        XCTAssertNotNil(try row(due).date("sent_at"))
        XCTAssertEqual(try row(due).int("attempts"), 1)
        XCTAssertNil(try row(due).string("claimed_by"))
        XCTAssertNil(try row(later).date("sent_at"))
        XCTAssertEqual(try job(try handler(transport), id: 2), .done)
        XCTAssertEqual(transport.sent.count, 1, "a sent row is not sent again")
    }

    func testAFailureIsRetriedLaterAndOthersStillGo() throws {
        let transport = FakeTransport()
        transport.refuse = ["bad@school.test"]
        let bad = try insert("bad@school.test")
        let good = try insert("good@school.test")
        XCTAssertEqual(try job(try handler(transport)), .done)
        XCTAssertEqual(transport.sent.map(\.to), [["good@school.test"]])
        XCTAssertNotNil(try row(good).date("sent_at"))
        let failed = try row(bad)
        XCTAssertNil(failed.date("sent_at"))
        XCTAssertNil(failed.date("failed_at"))
        XCTAssertEqual(failed.int("attempts"), 1)
        XCTAssertEqual(failed.string("last_error"), "SMTP 550: RCPT failed for bad@school.test (curl 55)")
        XCTAssertTrue((55...66).contains(failed.int("retry_in") ?? 0), "\(failed.int("retry_in") ?? -1)")
        // Not due again yet; once its retry time has come, it goes.
        XCTAssertEqual(try job(try handler(transport), id: 2), .done)
        XCTAssertEqual(transport.sent.count, 1)
        transport.refuse = []
        try db.execute("UPDATE notifications SET retry_at = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND WHERE id = ?", [.int(bad)])
        XCTAssertEqual(try job(try handler(transport), id: 3), .done)
        XCTAssertEqual(transport.sent.map(\.to), [["good@school.test"], ["bad@school.test"]])
        XCTAssertEqual(try row(bad).int("attempts"), 2)
    }

    func testTheFifthFailureGivesUp() throws {
        let transport = FakeTransport()
        transport.refuse = ["bad@school.test"]
        let bad = try insert("bad@school.test")
        try db.execute("UPDATE notifications SET attempts = 4 WHERE id = ?", [.int(bad)])
        XCTAssertEqual(try job(try handler(transport)), .done)
        let given = try row(bad)
        XCTAssertNotNil(given.date("failed_at"))
        XCTAssertNil(given.date("retry_at"))
        XCTAssertEqual(given.int("attempts"), 5)
        XCTAssertTrue(given.string("last_error")?.hasPrefix("gave up after 5 attempts: SMTP 550") == true)
        transport.refuse = []
        XCTAssertEqual(try job(try handler(transport), id: 2), .done)
        XCTAssertTrue(transport.sent.isEmpty, "a given-up row is never tried again")
    }

    func testUnsendableAndStaleRowsAreGivenUpWithAReason() throws {
        let transport = FakeTransport()
        let badAddress = try insert("not an address")
        let stale = try insert("c@school.test", dueSecondsAgo: 25 * 3600)
        XCTAssertEqual(try job(try handler(transport)), .done)
        XCTAssertTrue(transport.sent.isEmpty)
        XCTAssertTrue(try row(badAddress).string("last_error")?.hasPrefix("not sendable: the recipient is not a usable address") == true)
        XCTAssertTrue(try row(stale).string("last_error")?.hasPrefix("skipped: first seen 25 h after its due time") == true)
        XCTAssertEqual(try row(stale).int("attempts"), 0)
        for id in [badAddress, stale] { XCTAssertNotNil(try row(id).date("failed_at")) }
    }

    /// A line break in a subject (a lesson titled over two lines) neither stops the mail nor
    /// adds a header: the subject is sent as one line.
    func testALineBreakInTheSubjectIsSentAsOneLineWithoutInjectingHeaders() throws {
        let transport = FakeTransport()
        let injected = try insert("a@school.test", subject: "Recording of \"Algebra\r\nBcc: everyone@school.test\n\" is ready")
        XCTAssertEqual(try job(try handler(transport)), .done)
        XCTAssertNotNil(try row(injected).date("sent_at"))
        XCTAssertEqual(transport.sent.map(\.to), [["a@school.test"]])
        let head = try XCTUnwrap(transport.sent.first?.message.components(separatedBy: "\r\n\r\n").first)
        let lines = head.components(separatedBy: "\r\n")
        XCTAssertFalse(lines.contains { $0.lowercased().hasPrefix("bcc:") }, head)
        XCTAssertTrue(lines.contains("Subject: Recording of \"Algebra  Bcc: everyone@school.test \" is ready"), head)
    }

    func testWithoutMailNothingIsTouched() throws {
        let id = try insert("a@school.test")
        XCTAssertEqual(try job(SendNotificationsJob(db: db, mail: nil, logger: logger)), .done)
        XCTAssertNil(try row(id).date("sent_at"))
        XCTAssertEqual(try row(id).int("attempts"), 0)
    }

    func testClaimsKeepTwoSendersApart() throws {
        let repository = NotificationRepository(db)
        let ids = try (0..<5).map { try insert("r\($0)@school.test") }
        let first = try repository.claimDue(holder: "a", limit: 3, leaseSeconds: 60)
        let second = try repository.claimDue(holder: "b", limit: 10, leaseSeconds: 60)
        XCTAssertEqual(first.map(\.id), Array(ids.prefix(3)))
        XCTAssertEqual(second.map(\.id), Array(ids.suffix(2)))
        XCTAssertTrue(try repository.claimDue(holder: "c", limit: 10, leaseSeconds: 60).isEmpty)
        // a's lease runs out and c takes the row over: a must not send it any more.
        try db.execute("UPDATE notifications SET claimed_until = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND WHERE id = ?", [.int(ids[0])])
        XCTAssertEqual(try repository.claimDue(holder: "c", limit: 10, leaseSeconds: 60).map(\.id), [ids[0]])
        XCTAssertFalse(try repository.renewClaim(id: ids[0], holder: "a", leaseSeconds: 60))
        XCTAssertTrue(try repository.renewClaim(id: ids[1], holder: "a", leaseSeconds: 60))
        XCTAssertFalse(try repository.markFailed(id: ids[0], holder: "a", error: "late", retryAfterSeconds: 60))
    }

    func testConcurrentRunsSendEachRowOnce() throws {
        for index in 0..<60 { try insert("r\(index)@school.test") }
        let collected = Collected()
        let group = DispatchGroup()
        for run in 0..<3 {
            group.enter()
            Thread.detachNewThread { [url, logger] in
                defer { group.leave() }
                let connection = Connection(url: url!, logger: logger)
                defer { connection.close() }
                let transport = FakeTransport()
                transport.onSend = { usleep(2_000) }
                do {
                    let handler = SendNotificationsJob(db: connection, mail: .init(
                        transport: transport, from: try MailMailbox(parsing: "l@school.test"), sendTimeout: 5), logger: logger)
                    _ = try handler.run(JobQueue.ClaimedJob(id: Int64(run + 1), kind: SendNotificationsJob.kind, subject: nil,
                                                            payload: "{}", attempts: 1, maxAttempts: 1))
                } catch {
                    collected.add(failure: error)
                }
                collected.add(sent: transport.sent.flatMap(\.to))
            }
        }
        group.wait()
        let (sent, failures) = collected.values
        XCTAssertTrue(failures.isEmpty, "\(failures)")
        XCTAssertEqual(sent.count, 60)
        XCTAssertEqual(Set(sent).count, 60, "no row is sent twice")
        XCTAssertEqual(try db.query("SELECT COUNT(*) AS n FROM notifications WHERE sent_at IS NULL").first?.int("n"), 0)
    }
}

/// What the concurrent runs report, behind a lock.
private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var sent: [String] = []
    private var failures: [String] = []

    func add(sent more: [String]) {
        lock.lock(); defer { lock.unlock() }
        sent += more
    }

    func add(failure: Error) {
        lock.lock(); defer { lock.unlock() }
        failures.append("\(failure)")
    }

    var values: (sent: [String], failures: [String]) {
        lock.lock(); defer { lock.unlock() }
        return (sent, failures)
    }
}
