import Foundation
import LecternCore
import XCTest

final class SharingPlanTests: XCTestCase {
    let now = Date(timeIntervalSince1970: 1_700_000_000)
    typealias Grant = SharingPlan.Grant

    func testGroupFoldersGoToTheirStudentsAndTeacherAndHostFoldersToTheirHost() {
        let folders = [SharingPlan.Folder(id: "g1", name: "10-B"), SharingPlan.Folder(id: "g2", name: "11-A"),
                       SharingPlan.Folder(id: "h1", name: "Host@pool.example"), SharingPlan.Folder(id: "ev", name: "Events")]
        let groups = [SharingPlan.Group(name: "10-B", teacherEmail: "T@school.example", studentEmails: ["a@s.example", "b@s.example"]),
                      SharingPlan.Group(name: "11-A", teacherEmail: "u@school.example", studentEmails: ["c@s.example"]),
                      SharingPlan.Group(name: "No folder yet", teacherEmail: "v@school.example", studentEmails: ["d@s.example"])]
        let due = SharingPlan.due(folders: folders, groups: groups, hostEmails: ["Host@pool.example", "idle@pool.example"],
                                  excluded: [])
        XCTAssertEqual(due, [Grant(folderID: "g1", email: "t@school.example"), Grant(folderID: "g1", email: "a@s.example"),
                             Grant(folderID: "g1", email: "b@s.example"), Grant(folderID: "g2", email: "u@school.example"),
                             Grant(folderID: "g2", email: "c@s.example"), Grant(folderID: "h1", email: "host@pool.example")])
    }

    func testAFolderNameIsMatchedAsTheTransferNamesItAndAdminsGetNothing() {
        // The transfer turns control characters into spaces and collapses runs (RecordingPlacement).
        let folders = [SharingPlan.Folder(id: "g1", name: "Room 5")]
        let groups = [SharingPlan.Group(name: "Room\n  5", teacherEmail: "admin@school.example", studentEmails: ["a@s.example"])]
        let due = SharingPlan.due(folders: folders, groups: groups, hostEmails: [], excluded: ["ADMIN@school.example"])
        XCTAssertEqual(due, [Grant(folderID: "g1", email: "a@s.example")])
    }

    func testARenamedGroupKeepsItsPeopleOnTheFolderOfItsOlderRecordings() {
        let folders = [SharingPlan.Folder(id: "old", name: "Grade 9"), SharingPlan.Folder(id: "new", name: "Grade 10")]
        let group = SharingPlan.Group(name: "Grade 10", teacherEmail: "t@x", studentEmails: ["a@x"], filedUnder: ["Grade 9"])
        XCTAssertEqual(SharingPlan.due(folders: folders, groups: [group], hostEmails: [], excluded: []),
                       [Grant(folderID: "old", email: "t@x"), Grant(folderID: "old", email: "a@x"),
                        Grant(folderID: "new", email: "t@x"), Grant(folderID: "new", email: "a@x")])
    }

    func testTwoGroupsOfOneNameShareOneFolder() {
        let groups = [SharingPlan.Group(name: "Chess", teacherEmail: "t1@x", studentEmails: ["a@x"]),
                      SharingPlan.Group(name: "Chess", teacherEmail: "t2@x", studentEmails: ["b@x"])]
        XCTAssertEqual(SharingPlan.due(folders: [.init(id: "c", name: "Chess")], groups: groups, hostEmails: [], excluded: []).count, 4)
    }

    func recorded(_ id: Int64, _ folder: String, _ email: String, _ status: DrivePermissionStatus, permission: String? = "p-\(UUID())",
                  retryAt: Date? = nil) -> SharingPlan.Recorded {
        SharingPlan.Recorded(id: id, grant: Grant(folderID: folder, email: email), permissionID: status == .failed ? nil : permission,
                             status: status, retryAt: retryAt)
    }

    func testWithoutDrivesListNewAndRevokedAreCreatedAndNoLongerDueAreRemoved() {
        let due: Set<Grant> = [Grant(folderID: "f", email: "new@x"), Grant(folderID: "f", email: "back@x"),
                               Grant(folderID: "f", email: "kept@x")]
        let rows = [recorded(1, "f", "back@x", .revoked), recorded(2, "f", "kept@x", .granted),
                    recorded(3, "f", "left@x", .granted, permission: "p3"), recorded(4, "f", "gone@x", .revoked),
                    recorded(5, "f", "refused-then-left@x", .failed)]
        let actions = SharingPlan.actions(due: due, recorded: rows, listed: nil, now: now)
        XCTAssertEqual(actions.create, [Grant(folderID: "f", email: "back@x"), Grant(folderID: "f", email: "new@x")])
        XCTAssertEqual(actions.delete.map(\.id), [3])
        XCTAssertEqual(actions.forget.map(\.id), [5])
        XCTAssertEqual(actions.confirmed, [])
    }

    func testARefusalIsRetriedOnlyOnceItsBackoffHasPassed() {
        let due: Set<Grant> = [Grant(folderID: "f", email: "waiting@x"), Grant(folderID: "f", email: "due@x")]
        let rows = [recorded(1, "f", "waiting@x", .failed, retryAt: now.addingTimeInterval(60)),
                    recorded(2, "f", "due@x", .failed, retryAt: now.addingTimeInterval(-1))]
        XCTAssertEqual(SharingPlan.actions(due: due, recorded: rows, listed: nil, now: now).create,
                       [Grant(folderID: "f", email: "due@x")])
    }

    func testDrivesListRepairsAPermissionRemovedByHandAndConfirmsTheRest() {
        let due: Set<Grant> = [Grant(folderID: "f", email: "a@x"), Grant(folderID: "f", email: "b@x")]
        let rows = [recorded(1, "f", "a@x", .granted, permission: "pa"), recorded(2, "f", "b@x", .granted, permission: "pb")]
        // Someone removed b's permission by hand; a stranger's is there too, and is left alone.
        let listed = ["f": [SharingPlan.Listed(permissionID: "pa", email: "a@x"), SharingPlan.Listed(permissionID: "px", email: "stranger@x")]]
        let actions = SharingPlan.actions(due: due, recorded: rows, listed: listed, now: now)
        XCTAssertEqual(actions.create, [Grant(folderID: "f", email: "b@x")])
        XCTAssertEqual(actions.confirmed.map(\.id), [1])
        XCTAssertEqual(actions.delete, [])
    }

    func testOnlyLecternsOwnPermissionsAreEverRemoved() {
        let rows = [recorded(1, "f", "mine@x", .granted, permission: "pm")]
        let listed = ["f": [SharingPlan.Listed(permissionID: "pm", email: "mine@x"), SharingPlan.Listed(permissionID: "po", email: "other@x")]]
        let actions = SharingPlan.actions(due: [], recorded: rows, listed: listed, now: now)
        XCTAssertEqual(actions.delete.map(\.permissionID), ["pm"])
        XCTAssertEqual(actions.create, [])
    }
}
