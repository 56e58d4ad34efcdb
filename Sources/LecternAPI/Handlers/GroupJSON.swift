import LecternStore

/// A group as the API shows it.
struct GroupJSON: Encodable {
    var id: Int64
    var name: String
    var teacherId: Int64
    var studentIds: [Int64]

    init(_ group: GroupRecord) {
        id = group.id
        name = group.name
        teacherId = group.teacherID
        studentIds = group.studentIDs
    }
}
