/// What a user may do with a group, lesson or recurring lesson (SPEC §4): admins
/// everything, a teacher their own, a student read the ones of their groups. An object
/// the caller may not see must answer as if it did not exist.
public enum ScheduleAccess: Sendable, Equatable {
    case invisible, read, write

    /// The access `user` has to an object owned by teacher `ownerID`; `isGroupMember` says
    /// whether the user is a student of the object's group.
    public static func of(_ user: User, ownerID: Int64, isGroupMember: Bool) -> ScheduleAccess {
        switch user.role {
        case .admin: return .write
        case .teacher: return user.id == ownerID ? .write : .invisible
        case .student: return isGroupMember ? .read : .invisible
        }
    }
}
