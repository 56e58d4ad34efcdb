import Foundation
import LecternCore

/// The recordings API's reads and the hand retry (SPEC §4 "Recordings").
extension RecordingRepository {
    /// A recording as the API lists it.
    public struct Listed: Sendable {
        public var id: Int64
        public var lessonID: Int64?
        public var teacherID: Int64?
        public var topic: String
        public var fileType: String
        public var recordingType: String?
        public var fileSize: Int64
        public var recordingStart: Date?
        public var recordingEnd: Date?
        public var status: RecordingStatus
        public var webViewLink: String?
        public var availableUntil: Date?
        public var attempts: Int
        public var lastError: String?
    }

    /// Who sees which recordings: students the `ready` ones of their groups' lessons,
    /// teachers those of their lessons, an event's host those of the event and its
    /// participants the `ready` ones, admins all (meetings unknown to Lectern too).
    public func list(scope: ScheduleScope, lessonID: Int64?, status: RecordingStatus?, afterID: Int64,
                     limit: Int) throws -> [Listed] {
        var conditions = ["r.id > ?"]
        var parameters: [SQLValue] = [.int(afterID)]
        let ofEvents = """
            r.event_id IN (SELECT e.id FROM events e WHERE e.host_id = ?)
            OR (r.status = 'ready' AND r.event_id IN (SELECT ep.event_id FROM event_participants ep WHERE ep.user_id = ?))
            """
        switch scope {
        case .everything:
            break
        case .teacher(let id):
            conditions.append("(l.teacher_id = ? OR \(ofEvents))")
            parameters += [.int(id), .int(id), .int(id)]
        case .student(let id):
            conditions.append("""
                ((r.status = 'ready' AND l.group_id IN (SELECT gm.group_id FROM group_members gm WHERE gm.student_id = ?))
                 OR \(ofEvents))
                """)
            parameters += [.int(id), .int(id), .int(id)]
        }
        if let lessonID {
            conditions.append("r.lesson_id = ?")
            parameters.append(.int(lessonID))
        }
        if let status {
            conditions.append("r.status = ?")
            parameters.append(.text(status.rawValue))
        }
        return try db.query("""
            SELECT \(Self.listedColumns) FROM recordings r LEFT JOIN lessons l ON l.id = r.lesson_id
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY r.id LIMIT ?
            """, parameters + [.int(Int64(limit))]).map(Self.listed)
    }

    /// One recording, whoever may see it (the caller checks).
    public func listed(id: Int64) throws -> Listed? {
        try db.query("""
            SELECT \(Self.listedColumns) FROM recordings r LEFT JOIN lessons l ON l.id = r.lesson_id WHERE r.id = ?
            """, [.int(id)]).first.map(Self.listed)
    }

    /// Puts a `failed` recording back in the queue with fresh attempts: its job is revived
    /// (or made anew), unless a process is running it right now. `false` when it is not failed.
    public func requeueFailed(id: Int64, zoomFileID: String) throws -> Bool {
        try db.transaction { tx in
            let changed = try tx.execute("""
                UPDATE recordings SET status = 'pending', attempts = 0, last_error = NULL WHERE id = ? AND status = 'failed'
                """, [.int(id)]).affectedRows == 1
            guard changed else { return false }
            _ = try tx.execute("""
                INSERT INTO jobs (kind, payload, dedupe_key, run_at) VALUES (?, ?, ?, UTC_TIMESTAMP(6))
                ON DUPLICATE KEY UPDATE
                    status = IF(status = 'running', status, 'pending'),
                    attempts = IF(status = 'running', attempts, 0),
                    run_at = IF(status = 'running', run_at, UTC_TIMESTAMP(6)),
                    finished_at = IF(status = 'running', finished_at, NULL)
                """, [.text(RecordingTransferJob.kind), .text(RecordingTransferJob.payload(recordingID: id)),
                      .text(RecordingTransferJob.dedupeKey(zoomFileID: zoomFileID))])
            return true
        }
    }

    /// The Zoom file id of a recording.
    public func zoomFileID(id: Int64) throws -> String? {
        try db.query("SELECT zoom_file_id FROM recordings WHERE id = ?", [.int(id)]).first?.string("zoom_file_id")
    }

    static let listedColumns = """
        r.id, r.lesson_id, l.teacher_id, r.topic, r.file_type, r.recording_type, r.file_size, r.recording_start,
        r.recording_end, r.status, r.web_view_link, r.available_until, r.attempts, r.last_error
        """

    static func listed(_ row: Row) throws -> Listed {
        Listed(id: try row.requiredInt("id"), lessonID: row.int("lesson_id"), teacherID: row.int("teacher_id"),
               topic: try row.requiredString("topic"), fileType: try row.requiredString("file_type"),
               recordingType: row.string("recording_type"), fileSize: try row.requiredInt("file_size"),
               recordingStart: row.date("recording_start"), recordingEnd: row.date("recording_end"),
               status: try row.required("status", as: RecordingStatus.self), webViewLink: row.string("web_view_link"),
               availableUntil: row.date("available_until"), attempts: try row.requiredIntValue("attempts"),
               lastError: row.string("last_error"))
    }
}
