import XCTest
@testable import LecternCore

final class ScheduleAccessTests: XCTestCase {
    private func user(_ id: Int64, _ role: Role) -> User {
        User(id: id, email: "u\(id)@example.org", name: "U", role: role, timezone: "UTC", subscriptionExpiresAt: nil)
    }

    func testMatrix() {
        XCTAssertEqual(ScheduleAccess.of(user(1, .admin), ownerID: 2, isGroupMember: false), .write)
        XCTAssertEqual(ScheduleAccess.of(user(2, .teacher), ownerID: 2, isGroupMember: false), .write)
        XCTAssertEqual(ScheduleAccess.of(user(3, .teacher), ownerID: 2, isGroupMember: false), .invisible)
        // Membership flags never make a teacher see another teacher's object.
        XCTAssertEqual(ScheduleAccess.of(user(3, .teacher), ownerID: 2, isGroupMember: true), .invisible)
        XCTAssertEqual(ScheduleAccess.of(user(4, .student), ownerID: 2, isGroupMember: true), .read)
        XCTAssertEqual(ScheduleAccess.of(user(4, .student), ownerID: 4, isGroupMember: false), .invisible)
    }

    func testEventMatrix() {
        XCTAssertEqual(ScheduleAccess.ofEvent(user(1, .admin), hostID: 2, isParticipant: false), .write)
        XCTAssertEqual(ScheduleAccess.ofEvent(user(2, .teacher), hostID: 2, isParticipant: false), .write)
        XCTAssertEqual(ScheduleAccess.ofEvent(user(3, .teacher), hostID: 2, isParticipant: true), .read)
        XCTAssertEqual(ScheduleAccess.ofEvent(user(3, .teacher), hostID: 2, isParticipant: false), .invisible)
        XCTAssertEqual(ScheduleAccess.ofEvent(user(4, .student), hostID: 2, isParticipant: true), .read)
        XCTAssertEqual(ScheduleAccess.ofEvent(user(4, .student), hostID: 2, isParticipant: false), .invisible)
    }
}
