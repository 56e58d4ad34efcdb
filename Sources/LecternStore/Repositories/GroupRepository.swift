import Foundation
import LecternCore

/// A teacher's group of students.
public struct GroupRecord: Sendable, Equatable {
    public var id: Int64
    public var teacherID: Int64
    public var name: String
    /// Ascending.
    public var studentIDs: [Int64]
}

/// Groups and their members.
public struct GroupRepository {
    let db: Connection

    public init(_ db: Connection) {
        self.db = db
    }

    private static let select = """
        SELECT g.id, g.teacher_id, g.name,
               (SELECT GROUP_CONCAT(gm.student_id ORDER BY gm.student_id) FROM group_members gm WHERE gm.group_id = g.id) AS students
        FROM `groups` g
        """

    static func record(from row: Row) throws -> GroupRecord {
        GroupRecord(id: try row.requiredInt("id"), teacherID: try row.requiredInt("teacher_id"),
                    name: try row.requiredString("name"), studentIDs: try row.idList("students"))
    }

    public func find(id: Int64) throws -> GroupRecord? {
        try db.query("\(Self.select) WHERE g.id = ?", [.int(id)]).first.map(Self.record(from:))
    }

    /// Visible groups with ids above `afterID`, in id order.
    public func list(scope: ScheduleScope, afterID: Int64, limit: Int) throws -> [GroupRecord] {
        let visible = scope.condition(teacherColumn: "g.teacher_id", groupColumn: "g.id")
        return try db.query("\(Self.select) WHERE \(visible.sql) AND g.id > ? ORDER BY g.id LIMIT ?",
                            visible.parameters + [.int(afterID), .int(limit)]).map(Self.record(from:))
    }

    public func isMember(groupID: Int64, studentID: Int64) throws -> Bool {
        try !db.query("SELECT 1 FROM group_members WHERE group_id = ? AND student_id = ?",
                      [.int(groupID), .int(studentID)]).isEmpty
    }

    /// Those of `ids` that are students.
    public func students(among ids: [Int64]) throws -> Set<Int64> {
        guard !ids.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
        let rows = try db.query("SELECT id FROM users WHERE role = 'student' AND id IN (\(marks))", ids.map(SQLValue.int))
        return Set(try rows.map { try $0.requiredInt("id") })
    }

    /// Creates a group with its members and returns its id.
    public func insert(teacherID: Int64, name: String, studentIDs: [Int64]) throws -> Int64 {
        try db.transaction { tx in
            let id = try tx.execute("INSERT INTO `groups` (teacher_id, name) VALUES (?, ?)",
                                    [.int(teacherID), .text(name)]).lastInsertID
            for student in Set(studentIDs) {
                try tx.execute("INSERT INTO group_members (group_id, student_id) VALUES (?, ?)", [.int(id), .int(student)])
            }
            return id
        }
    }

    /// Renames a group and, when `studentIDs` is given, makes them its exact membership.
    public func update(id: Int64, name: String, studentIDs: [Int64]?) throws {
        try db.transaction { tx in
            try tx.execute("UPDATE `groups` SET name = ? WHERE id = ?", [.text(name), .int(id)])
            guard let studentIDs else { return }
            try tx.execute("DELETE FROM group_members WHERE group_id = ?", [.int(id)])
            for student in Set(studentIDs) {
                try tx.execute("INSERT INTO group_members (group_id, student_id) VALUES (?, ?)", [.int(id), .int(student)])
            }
        }
    }

    /// Adds a member; adding one twice changes nothing.
    public func addMember(groupID: Int64, studentID: Int64) throws {
        try db.execute("""
            INSERT INTO group_members (group_id, student_id) VALUES (?, ?)
            ON DUPLICATE KEY UPDATE student_id = student_id
            """, [.int(groupID), .int(studentID)])
    }

    /// Removes a member; `false` when they were not one.
    public func removeMember(groupID: Int64, studentID: Int64) throws -> Bool {
        try db.execute("DELETE FROM group_members WHERE group_id = ? AND student_id = ?",
                       [.int(groupID), .int(studentID)]).affectedRows == 1
    }

    /// Whether lessons or recurring lessons still belong to the group.
    public func isInUse(id: Int64) throws -> Bool {
        try !db.query("""
            SELECT 1 FROM lessons WHERE group_id = ?
            UNION ALL SELECT 1 FROM recurring_lessons WHERE group_id = ? LIMIT 1
            """, [.int(id), .int(id)]).isEmpty
    }

    /// Deletes a group and its memberships. Throws ``DatabaseError/server(code:message:)``
    /// 1451 when a lesson still refers to it.
    public func delete(id: Int64) throws -> Bool {
        try db.execute("DELETE FROM `groups` WHERE id = ?", [.int(id)]).affectedRows == 1
    }
}
