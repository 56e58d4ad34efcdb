import LecternCore

/// The groups, lessons and recurring lessons a user can see, as an SQL condition: admins
/// everything, teachers their own, students those of the groups they belong to.
public enum ScheduleScope: Sendable, Equatable {
    case everything
    case teacher(Int64)
    case student(Int64)

    public init(_ user: User) {
        switch user.role {
        case .admin: self = .everything
        case .teacher: self = .teacher(user.id)
        case .student: self = .student(user.id)
        }
    }

    /// A condition over a row whose owner is `teacherColumn` and whose group is `groupColumn`.
    func condition(teacherColumn: String, groupColumn: String) -> (sql: String, parameters: [SQLValue]) {
        switch self {
        case .everything:
            return ("TRUE", [])
        case .teacher(let id):
            return ("\(teacherColumn) = ?", [.int(id)])
        case .student(let id):
            return ("\(groupColumn) IN (SELECT gm.group_id FROM group_members gm WHERE gm.student_id = ?)", [.int(id)])
        }
    }
}
