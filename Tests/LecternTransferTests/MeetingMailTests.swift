import Foundation
import LecternStore
import LecternTestSupport
import Logging
import XCTest

/// One mail per student per meeting (SPEC §8 step 4), against a real MariaDB
/// (`LECTERN_TEST_DB_URL`): queued in the transaction that settles the meeting's last file,
/// whether that file became ready or finally failed, and listing the files on Drive.
final class MeetingMailTests: XCTestCase {
    private var url: DatabaseURL!
    private var db: Connection!
    private let logger = TestDatabase.logger
    private var mail: RecordingRepository.MailTo!

    override func setUpWithError() throws {
        url = try TestDatabase.migrated("mails", logger: logger)
        db = Connection(url: url, logger: logger)
        try db.execute("""
            INSERT INTO users (id, email, name, role) VALUES
                (1, 't@school.test', 'T', 'teacher'), (2, 'a@school.test', 'A', 'student'), (3, 'b@school.test', 'B', 'student')
            """)
        try db.execute("INSERT INTO `groups` (id, teacher_id, name) VALUES (7, 1, '9C')")
        try db.execute("INSERT INTO group_members (group_id, student_id) VALUES (7, 2), (7, 3)")
        try db.execute("""
            INSERT INTO lessons (id, title, teacher_id, group_id, start_time, end_time)
            VALUES (5, 'Optics', 1, 7, UTC_TIMESTAMP(), UTC_TIMESTAMP())
            """)
        mail = RecordingRepository.MailTo(lessonID: 5, groupID: 7, lessonTitle: "Optics")
    }

    override func tearDown() {
        db?.close()
    }

    /// A file of meeting `uuid` in transfer, with a job leased to `me`.
    private func file(_ id: String, type: String, uuid: String = "meeting-1") throws -> (id: Int64, lease: JobLease) {
        try db.execute("""
            INSERT INTO recordings (zoom_file_id, lesson_id, meeting_uuid, file_type, file_extension, file_size, status)
            VALUES (?, 5, ?, ?, ?, 10, 'uploading')
            """, [.text(id), .text(uuid), .text(type), .text(type)])
        let row = try XCTUnwrap(try db.query("SELECT id FROM recordings WHERE zoom_file_id = ?", [.text(id)]).first?.int("id"))
        try JobQueue(db).enqueue(kind: "recording.transfer", dedupeKey: "transfer:\(id)")
        let job = try XCTUnwrap(try JobQueue(db).claim(dedupeKey: "transfer:\(id)", holder: "me", leaseSeconds: 60))
        guard case .claimed(let claimed) = job else { throw XCTSkip("not claimed") }
        return (row, claimed.lease)
    }

    private func ready(_ file: (id: Int64, lease: JobLease), link: String) throws -> Int {
        try RecordingRepository(db).markReady(
            id: file.id, copy: .init(driveFileID: "d-\(file.id)", folderID: "f", webViewLink: link, md5: "m",
                                     availableUntil: nil),
            mail: mail, lease: file.lease, now: Date())
    }

    private func mails() throws -> [(user: Int64, body: String)] {
        try db.query("SELECT recipient_user_id, body FROM notifications ORDER BY recipient_user_id").map {
            ($0.int("recipient_user_id") ?? 0, $0.string("body") ?? "")
        }
    }

    func testTheLastFileOnDriveQueuesOneMailPerStudentListingAll() throws {
        let video = try file("v", type: "MP4")
        let chat = try file("c", type: "CHAT")
        XCTAssertEqual(try ready(video, link: "https://d/v"), 0, "the chat is still on its way")
        XCTAssertEqual(try mails().count, 0)
        XCTAssertEqual(try ready(chat, link: "https://d/c"), 2)
        let sent = try mails()
        XCTAssertEqual(sent.map(\.user), [2, 3])
        XCTAssertTrue(sent.allSatisfy { $0.body.contains("https://d/v") && $0.body.contains("https://d/c") })
        XCTAssertEqual(try ready(chat, link: "https://d/c"), 0, "a repeat queues nothing twice")
    }

    func testTwoFilesFinishingAtOnceStillMailOnce() throws {
        let video = try file("v", type: "MP4")
        let chat = try file("c", type: "CHAT")
        // The other file's transaction holds the meeting's rows and commits its `ready` only
        // after this one has begun and is waiting for them.
        let other = Connection(url: url, logger: logger)
        defer { other.close() }
        let locked = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        let otherQueued = Box(-1)
        Thread.detachNewThread { [mail] in
            otherQueued.value = (try? other.transaction { tx -> Int in
                _ = try tx.query("SELECT id FROM recordings WHERE meeting_uuid = 'meeting-1' ORDER BY id FOR UPDATE")
                locked.signal()
                Thread.sleep(forTimeInterval: 0.5)
                return try RecordingRepository(tx).markReady(
                    id: chat.id, copy: .init(driveFileID: "d-c", folderID: "f", webViewLink: "https://d/c", md5: "m",
                                             availableUntil: nil),
                    mail: mail, lease: chat.lease, now: Date())
            }) ?? -2
            finished.signal()
        }
        locked.wait()
        let queued = try ready(video, link: "https://d/v")
        finished.wait()
        XCTAssertEqual(otherQueued.value, 0, "the video was still on its way when the chat finished")
        XCTAssertEqual(queued, 2, "the video, last, sees the chat's committed ready")
        XCTAssertEqual(try mails().count, 2)
    }

    func testAFileThatFinallyFailedSettlesTheMeetingToo() throws {
        let video = try file("v", type: "MP4")
        let chat = try file("c", type: "CHAT")
        let other = try file("o", type: "MP4", uuid: "meeting-2")
        XCTAssertEqual(try ready(video, link: "https://d/v"), 0)
        try RecordingRepository(db).noteFailedAttempt(id: chat.id, reason: "no", final: false, mail: mail,
                                                      lease: chat.lease, now: Date())
        XCTAssertEqual(try mails().count, 0, "an attempt that will be retried settles nothing")
        try RecordingRepository(db).noteFailedAttempt(id: chat.id, reason: "no", final: true, mail: mail,
                                                      lease: chat.lease, now: Date())
        let sent = try mails()
        XCTAssertEqual(sent.map(\.user), [2, 3])
        XCTAssertTrue(sent.allSatisfy { $0.body.contains("https://d/v") && !$0.body.contains("Chat") })
        XCTAssertEqual(try ready(other, link: "https://d/o"), 2, "another meeting of the lesson has its own mail")
    }
}

/// A value one thread sets and another reads after a semaphore says it is set.
private final class Box<T>: @unchecked Sendable {
    var value: T

    init(_ value: T) {
        self.value = value
    }
}
