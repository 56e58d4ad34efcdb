import Foundation
import XCTest
@testable import LecternCore

final class BulkCopyInventoryTests: XCTestCase {
    private func meeting(_ uuid: String, topic: String, files: [WebhookRecordingFile]) -> WebhookRecordings {
        WebhookRecordings(meeting: WebhookMeeting(id: "1", uuid: uuid, topic: topic,
                                                  startTime: Date(timeIntervalSince1970: 1_736_935_200)),
                          downloadToken: nil, files: files)
    }

    private func file(_ id: String, _ type: String, _ size: Int64, status: String = "completed") -> WebhookRecordingFile {
        WebhookRecordingFile(id: id, fileType: type, fileExtension: type, fileSize: size,
                             downloadURL: "https://zoom.test/rec/\(id)", status: status)
    }

    func testCountsOnlyCompletedFilesOfTheConfiguredTypes() {
        var inventory = BulkCopyInventory(fileTypes: ["MP4", "CHAT"])
        inventory.add(user: "a@school.test", meetings: [
            meeting("u1", topic: "Algebra", files: [file("f1", "MP4", 3 << 20), file("f2", "chat", 1024),
                                                    file("f3", "M4A", 1 << 20), file("f4", "MP4", 99, status: "processing")]),
            meeting("u2", topic: "Only audio", files: [file("f5", "M4A", 10)]),
        ])
        XCTAssertEqual(inventory.users, [.init(email: "a@school.test", meetings: 1, files: 2, bytes: (3 << 20) + 1024)])
        XCTAssertEqual(inventory.files.map(\.zoomFileID), ["f1", "f2"])
        XCTAssertEqual(inventory.files[0], BulkCopyFile(zoomFileID: "f1", userEmail: "a@school.test", meetingUUID: "u1",
                                                         topic: "Algebra", fileType: "MP4", fileSize: 3 << 20,
                                                         recordingStart: Date(timeIntervalSince1970: 1_736_935_200)))
    }

    func testUsersWithNothingAreListedAndTotalsAddUp() {
        var inventory = BulkCopyInventory(fileTypes: ["MP4"])
        inventory.add(user: "a@school.test", meetings: [meeting("u1", topic: "A", files: [file("f1", "MP4", 100)])])
        inventory.add(user: "empty@school.test", meetings: [])
        inventory.add(user: "b@school.test", meetings: [meeting("u2", topic: "B", files: [file("f2", "MP4", 200)]),
                                                        meeting("u3", topic: "C", files: [file("f3", "MP4", 300)])])
        XCTAssertEqual(inventory.users.map(\.email), ["a@school.test", "empty@school.test", "b@school.test"])
        XCTAssertEqual(inventory.totals, .init(users: 3, meetings: 3, files: 3, bytes: 600))
    }

    func testAFileListedTwiceCountsOnce() {
        var inventory = BulkCopyInventory(fileTypes: ["MP4"])
        let twice = meeting("u1", topic: "A", files: [file("f1", "MP4", 100)])
        inventory.add(user: "a@school.test", meetings: [twice, twice])
        XCTAssertEqual(inventory.totals, .init(users: 1, meetings: 1, files: 1, bytes: 100))
    }

    func testTableAlignsColumnsWithHumanSizes() {
        var inventory = BulkCopyInventory(fileTypes: ["MP4"])
        inventory.add(user: "teacher@school.test", meetings: [meeting("u1", topic: "A", files: [file("f1", "MP4", 1_610_612_736)])])
        inventory.add(user: "x@s.t", meetings: [])
        XCTAssertEqual(inventory.table, [
            "user                 meetings  files     size",
            "teacher@school.test         1      1  1.5 GiB",
            "x@s.t                       0      0      0 B",
            "total (2 users)             1      1  1.5 GiB",
        ])
    }

    func testJSONHasUsersAndTotals() throws {
        var inventory = BulkCopyInventory(fileTypes: ["MP4"])
        inventory.add(user: "a@school.test", meetings: [meeting("u1", topic: "A", files: [file("f1", "MP4", 100)])])
        let range = try DayRange(from: CalendarDay(parsing: "2025-01-01")!, to: CalendarDay(parsing: "2025-02-15")!)
        let text = String(decoding: try inventory.json(range: range), as: UTF8.self)
        XCTAssertEqual(text, #"{"file_types":["MP4"],"from":"2025-01-01","to":"2025-02-15","#
                       + #""totals":{"bytes":100,"files":1,"meetings":1,"users":1},"#
                       + #""users":[{"bytes":100,"email":"a@school.test","files":1,"meetings":1}]}"#)
    }
}
