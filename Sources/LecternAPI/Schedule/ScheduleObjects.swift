import LecternCore
import LecternStore

/// Loads groups, lessons and recurring lessons for a user under SPEC §4's rules: an object
/// the user may not see is a 404, one they may see but not change a 403.
public struct ScheduleObjects {
    public enum Need: Sendable {
        case read, write
    }

    let db: Connection
    let user: User

    public init(db: Connection, user: User) {
        self.db = db
        self.user = user
    }

    public var scope: ScheduleScope { ScheduleScope(user) }

    /// Students only read the schedule; anything that plans is refused with a 403.
    public func requirePlanner() throws {
        if user.role == .student { throw APIError.forbidden }
    }

    public func group(_ id: Int64, _ need: Need) throws -> GroupRecord {
        guard let group = try GroupRepository(db).find(id: id) else { throw APIError.notFound }
        try check(ownerID: group.teacherID, isGroupMember: group.studentIDs.contains(user.id), need)
        return group
    }

    public func lesson(_ id: Int64, _ need: Need) throws -> LessonRecord {
        guard let lesson = try LessonRepository(db).find(id: id) else { throw APIError.notFound }
        try check(ownerID: lesson.teacherID, groupID: lesson.groupID, need)
        return lesson
    }

    /// Like ``lesson(_:_:)``, with the lesson's row locked until the transaction ends.
    public func lockedLesson(_ id: Int64, _ need: Need) throws -> LessonRecord {
        guard let lesson = try LessonRepository(db).findLocked(id: id) else { throw APIError.notFound }
        try check(ownerID: lesson.teacherID, groupID: lesson.groupID, need)
        return lesson
    }

    public func recurringLesson(_ id: Int64, _ need: Need) throws -> RecurringLessonRecord {
        guard let recurring = try RecurringLessonRepository(db).find(id: id) else { throw APIError.notFound }
        try check(ownerID: recurring.teacherID, groupID: recurring.groupID, need)
        return recurring
    }

    /// The group a lesson is being planned for, named by the body's `group_id`: it must
    /// exist and be the caller's own (any group for admins), else a 400 naming the field.
    public func plannableGroup(_ id: Int64) throws -> GroupRecord {
        guard let group = try GroupRepository(db).find(id: id),
              ScheduleAccess.of(user, ownerID: group.teacherID, isGroupMember: false) == .write else {
            throw APIError.badRequest("group_id: there is no group \(id) of yours.")
        }
        return group
    }

    /// Whether the caller may see the host start URL of a lesson (its teacher and admins).
    public func seesStartURL(of lesson: LessonRecord) -> Bool {
        ScheduleAccess.of(user, ownerID: lesson.teacherID, isGroupMember: false) == .write
    }

    private func check(ownerID: Int64, groupID: Int64?, _ need: Need) throws {
        let member = try user.role == .student && groupID.map {
            try GroupRepository(db).isMember(groupID: $0, studentID: user.id)
        } ?? false
        try check(ownerID: ownerID, isGroupMember: member, need)
    }

    private func check(ownerID: Int64, isGroupMember: Bool, _ need: Need) throws {
        try ScheduleAccess.of(user, ownerID: ownerID, isGroupMember: isGroupMember).require(need)
    }
}
