import Foundation
import LecternCore
import LecternCrypto
import LecternPool
import LecternStore
import Logging
import XCTest
@testable import LecternAPI

/// The lesson's JSON: every key present, and the sealed host start URL opened only for the
/// lesson's teacher and admins.
final class LessonJSONTests: XCTestCase {
    private let keyText = String(repeating: "ab", count: 32)

    private func user(_ id: Int64, _ role: Role) -> User {
        User(id: id, email: "u\(id)@test.example", name: "U", role: role, timezone: "UTC", subscriptionExpiresAt: nil)
    }

    private func encoded(_ lesson: LessonRecord, for viewer: User) throws -> [String: Any] {
        var configuration = Configuration()
        configuration.masterKey = keyText
        // The connection stays closed: deciding who sees the start URL needs no database.
        let db = Connection(url: try DatabaseURL(parsing: "mariadb://nobody@localhost/none"), logger: Logger(label: "test"))
        let context = RequestContext(request: HTTPRequest(method: "GET", path: "/"), parameters: [:], db: db,
                                     configuration: configuration, services: Services(), now: Date())
        let json = try LessonHandlers.json(lesson, context: context, objects: ScheduleObjects(db: db, user: viewer))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.jsonBytes)) as? [String: Any])
    }

    private func lesson(startURL: String?) throws -> LessonRecord {
        let sealed = try startURL.map { SecretBox(key: try MasterKey(parsing: keyText)).seal($0, .lessonStartURL, rowID: 7) }
        return LessonRecord(id: 7, title: "Optics", teacherID: 2, groupID: 3, start: Date(timeIntervalSince1970: 1_900_000_000),
                            end: Date(timeIntervalSince1970: 1_900_003_600), topics: nil, recordLesson: true, status: .live,
                            zoomMeetingID: "81234567890", zoomJoinURL: "https://zoom.example/j/1", zoomPassword: "pw",
                            zoomStartURLSealed: sealed, accountEmail: "host@pool.example", recurringLessonID: nil,
                            occurrenceDate: nil, startedAt: Date(timeIntervalSince1970: 1_900_000_000))
    }

    func testTeacherAndAdminSeeTheOpenedStartURL() throws {
        let lesson = try lesson(startURL: "https://zoom.example/s/1?zak=secret")
        XCTAssertNotEqual(lesson.zoomStartURLSealed, "https://zoom.example/s/1?zak=secret")
        for viewer in [user(2, .teacher), user(1, .admin)] {
            let body = try encoded(lesson, for: viewer)
            XCTAssertEqual(body["zoom_start_url"] as? String, "https://zoom.example/s/1?zak=secret")
            XCTAssertEqual(body["account_email"] as? String, "host@pool.example")
            XCTAssertEqual(body["start_time"] as? String, "2030-03-17T17:46:40Z")
        }
    }

    func testAStartURLSealedForAnotherLessonIsNotShown() throws {
        var lesson = try lesson(startURL: nil)
        lesson.zoomStartURLSealed = SecretBox(key: try MasterKey(parsing: keyText))
            .seal("https://zoom.example/s/2?zak=other", .lessonStartURL, rowID: 8)
        let body = try encoded(lesson, for: user(2, .teacher))
        XCTAssertTrue(body["zoom_start_url"] is NSNull, "\(body)")
    }

    func testStudentsNeverGetTheStartURLKey() throws {
        let body = try encoded(try lesson(startURL: "https://zoom.example/s/1?zak=secret"), for: user(9, .student))
        XCTAssertNil(body["zoom_start_url"])
        XCTAssertEqual(body.count, 15)
        XCTAssertEqual(body["zoom_join_url"] as? String, "https://zoom.example/j/1")
    }

    func testEmptyValuesArePresentAsNull() throws {
        let body = try encoded(try lesson(startURL: nil), for: user(2, .teacher))
        XCTAssertEqual(Set(body.keys), ["id", "title", "teacher_id", "group_id", "start_time", "end_time", "topics",
                                        "record_lesson", "status", "zoom_meeting_id", "zoom_join_url", "zoom_password",
                                        "account_email", "recurring_lesson_id", "occurrence_date", "zoom_start_url"])
        XCTAssertTrue(body["zoom_start_url"] is NSNull)
        XCTAssertTrue(body["topics"] is NSNull)
        XCTAssertTrue(body["occurrence_date"] is NSNull)
    }
}
