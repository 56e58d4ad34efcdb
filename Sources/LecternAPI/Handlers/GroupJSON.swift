import LecternStore

/// A group as the API shows it.
struct GroupJSON: JSONWritable {
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

    func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("id", id)
            json.field("name", name)
            json.field("teacher_id", teacherId)
            json.field("student_ids", studentIds)
        }
    }
}
