import Foundation
import LecternCore
import LecternStore

/// `/api/schedule/groups/…`: a teacher's groups of students (admins: all groups).
enum GroupHandlers {
    struct CreateBody: Decodable {
        var name: String
        var studentIds: [Int64]?
        /// Admins create groups for a teacher; teachers always for themselves.
        var teacherId: Int64?
    }

    struct PatchBody: Decodable {
        var name: String?
        var studentIds: [Int64]?

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decodeIfGiven(String.self, forKey: .name)
            studentIds = try container.decodeIfGiven([Int64].self, forKey: .studentIds)
        }

        enum CodingKeys: String, CodingKey {
            case name, studentIds
        }
    }

    struct MemberBody: Decodable {
        var studentId: Int64
    }

    static func list(_ context: RequestContext) throws -> HTTPResponse {
        let objects = ScheduleObjects(db: context.db, user: try context.user())
        let limit = try ListPage<GroupJSON>.limit(context.request)
        let groups = try GroupRepository(context.db).list(scope: objects.scope, afterID: try ScheduleInput.idCursor(context.request),
                                                          limit: limit + 1)
        return JSONBody.response(200, ListPage(groups, limit: limit, request: context.request,
                                               cursor: { String($0.id) }, item: GroupJSON.init))
    }

    static func create(_ context: RequestContext) throws -> HTTPResponse {
        let user = try context.user()
        try ScheduleObjects(db: context.db, user: user).requirePlanner()
        let body = try context.decode(CreateBody.self)
        let name = try groupName(body.name)
        let teacherID = try owner(for: user, requested: body.teacherId, db: context.db)
        let students = try checkedStudents(body.studentIds ?? [], field: "student_ids", db: context.db)
        let repository = GroupRepository(context.db)
        let id = try repository.insert(teacherID: teacherID, name: name, studentIDs: students)
        try DriveAccessHandlers.membershipChanged(context)
        return try JSONBody.response(201, GroupJSON(found(id, repository)))
    }

    static func show(_ context: RequestContext) throws -> HTTPResponse {
        let objects = ScheduleObjects(db: context.db, user: try context.user())
        return JSONBody.response(200, GroupJSON(try objects.group(try context.id("id"), .read)))
    }

    static func update(_ context: RequestContext) throws -> HTTPResponse {
        let objects = ScheduleObjects(db: context.db, user: try context.user())
        let group = try objects.group(try context.id("id"), .write)
        let body = try context.decode(PatchBody.self)
        let name = try body.name.map(groupName) ?? group.name
        let students = try body.studentIds.map { try checkedStudents($0, field: "student_ids", db: context.db) }
        let repository = GroupRepository(context.db)
        try repository.update(id: group.id, name: name, studentIDs: students)
        try DriveAccessHandlers.membershipChanged(context)
        return try JSONBody.response(200, GroupJSON(found(group.id, repository)))
    }

    static func delete(_ context: RequestContext) throws -> HTTPResponse {
        let objects = ScheduleObjects(db: context.db, user: try context.user())
        let group = try objects.group(try context.id("id"), .write)
        let repository = GroupRepository(context.db)
        let inUse = APIError(409, "group_in_use", "The group still has lessons or recurring lessons; move or delete them first.")
        guard try !repository.isInUse(id: group.id) else { throw inUse }
        do {
            _ = try repository.delete(id: group.id)
        } catch DatabaseError.server(code: 1451, message: _) {
            // A lesson was planned for the group between the check and the delete.
            throw inUse
        }
        try DriveAccessHandlers.membershipChanged(context)
        return .noContent()
    }

    static func addMember(_ context: RequestContext) throws -> HTTPResponse {
        let objects = ScheduleObjects(db: context.db, user: try context.user())
        let group = try objects.group(try context.id("id"), .write)
        let body = try context.decode(MemberBody.self)
        let student = try checkedStudents([body.studentId], field: "student_id", db: context.db)[0]
        let repository = GroupRepository(context.db)
        try repository.addMember(groupID: group.id, studentID: student)
        try DriveAccessHandlers.membershipChanged(context)
        return try JSONBody.response(201, GroupJSON(found(group.id, repository)))
    }

    static func removeMember(_ context: RequestContext) throws -> HTTPResponse {
        let objects = ScheduleObjects(db: context.db, user: try context.user())
        let group = try objects.group(try context.id("id"), .write)
        guard try GroupRepository(context.db).removeMember(groupID: group.id, studentID: try context.id("student_id")) else {
            throw APIError.notFound
        }
        try DriveAccessHandlers.membershipChanged(context)
        return .noContent()
    }

    private static func groupName(_ text: String) throws -> String {
        try InputBounds.name(text, field: "name")
    }

    /// The teacher a new group belongs to: the caller, or for admins the teacher they name.
    private static func owner(for user: User, requested: Int64?, db: Connection) throws -> Int64 {
        guard user.role == .admin else {
            if let requested, requested != user.id {
                throw APIError.badRequest("teacher_id: teachers create groups for themselves.")
            }
            return user.id
        }
        guard let requested else { throw APIError.badRequest("teacher_id: this field is required for admins.") }
        guard let teacher = try UserRepository(db).find(id: requested), teacher.role == .teacher else {
            throw APIError.badRequest("teacher_id: user \(requested) is not a teacher.")
        }
        return teacher.id
    }

    /// `ids` (at most 1,000, duplicates collapsed), each of which must be a student.
    private static func checkedStudents(_ given: [Int64], field: String, db: Connection) throws -> [Int64] {
        let ids = try InputBounds.ids(given, field: field)
        let students = try GroupRepository(db).students(among: ids)
        if let stranger = ids.first(where: { !students.contains($0) }) {
            throw APIError.badRequest("\(field): user \(stranger) is not a student.")
        }
        return ids
    }

    private static func found(_ id: Int64, _ repository: GroupRepository) throws -> GroupRecord {
        guard let group = try repository.find(id: id) else { throw APIError.notFound }
        return group
    }
}
