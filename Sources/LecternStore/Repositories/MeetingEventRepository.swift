import Foundation
import LecternCore

/// What Zoom's meeting events change: the lesson's status and the pool lease of its meeting.
///
/// Every change is a conditional UPDATE (`… WHERE status IN …`, `… AND released_at IS NULL`),
/// so repeated, concurrent or out-of-order deliveries cannot apply a change twice or undo one.
public struct MeetingEventRepository {
    let db: Connection

    public init(_ db: Connection) {
        self.db = db
    }

    /// What one meeting event found and did.
    public struct Change: Sendable, Equatable {
        /// Lessons (or leases) of the meeting that Lectern knows, changed or not.
        public var matched: Int
        public var lessonsChanged: Int
        public var leasesReleased: Int

        public var changedAnything: Bool { lessonsChanged + leasesReleased > 0 }
    }

    /// `meeting.started`: the meeting's scheduled lessons go live.
    public func meetingStarted(meetingID: String?, uuid: String?, startedAt: Date) throws -> Change {
        try db.transaction { tx in
            let lessons = try Self.lockLessons(meetingID: meetingID, uuid: uuid, tx)
            let changed = try Self.update(lessons, to: .live, from: LessonStatus.startedByMeeting,
                                          timeColumn: "started_at", time: startedAt, tx)
            return Change(matched: lessons.count, lessonsChanged: changed, leasesReleased: 0)
        }
    }

    /// `meeting.ended`: the meeting's leases are given back (`release_reason` `meeting.ended`)
    /// and its scheduled or live lessons end.
    public func meetingEnded(meetingID: String?, uuid: String?, endedAt: Date, now: Date) throws -> Change {
        try db.transaction { tx in
            let lessons = try Self.lockLessons(meetingID: meetingID, uuid: uuid, tx)
            var (condition, parameters) = Self.matching(idColumn: "meeting_id", uuidColumn: "meeting_uuid",
                                                        meetingID: meetingID, uuid: uuid)
            if !lessons.isEmpty {
                // A lease of the lesson whose meeting was never recorded on it is the meeting's too.
                condition = "(\(condition) OR lesson_id IN (\(PlaceholderList.marks(lessons.count))))"
                parameters += lessons.map { SQLValue.int($0) }
            }
            let leases = try tx.query("SELECT COUNT(*) AS n FROM zoom_leases WHERE \(condition)", parameters)
                .first?.intValue("n") ?? 0
            let released = try tx.execute("""
                UPDATE zoom_leases SET released_at = ?, release_reason = 'meeting.ended'
                WHERE released_at IS NULL AND \(condition)
                """, [.date(now)] + parameters).affectedRows
            let changed = try Self.update(lessons, to: .ended, from: LessonStatus.endedByMeeting,
                                          timeColumn: "ended_at", time: endedAt, tx)
            return Change(matched: lessons.count + leases, lessonsChanged: changed, leasesReleased: released)
        }
    }

    /// The ids of the meeting's lessons, locked in id order (so concurrent deliveries queue
    /// rather than deadlock).
    static func lockLessons(meetingID: String?, uuid: String?, _ db: Connection) throws -> [Int64] {
        let (condition, parameters) = matching(idColumn: "zoom_meeting_id", uuidColumn: "zoom_uuid",
                                               meetingID: meetingID, uuid: uuid)
        return try db.query("SELECT id FROM lessons WHERE \(condition) ORDER BY id FOR UPDATE", parameters)
            .map { try $0.requiredInt("id") }
    }

    /// Moves `lessons` in one of `from` to `status`, noting the time once.
    private static func update(_ lessons: [Int64], to status: LessonStatus, from: [LessonStatus], timeColumn: String,
                               time: Date, _ db: Connection) throws -> Int {
        guard !lessons.isEmpty, !from.isEmpty else { return 0 }
        return try db.execute("""
            UPDATE lessons SET status = ?, \(timeColumn) = COALESCE(\(timeColumn), ?)
            WHERE id IN (\(PlaceholderList.marks(lessons.count))) AND status IN (\(PlaceholderList.marks(from.count)))
            """, [.text(status.rawValue), .date(time)] + lessons.map { SQLValue.int($0) }
                + from.map { SQLValue.text($0.rawValue) }).affectedRows
    }

    /// `(uuid_col = ? OR id_col = ?)` for whichever of the two is known.
    static func matching(idColumn: String, uuidColumn: String, meetingID: String?,
                         uuid: String?) -> (String, [SQLValue]) {
        var terms: [String] = []
        var parameters: [SQLValue] = []
        if let uuid {
            terms.append("\(uuidColumn) = ?")
            parameters.append(.text(uuid))
        }
        if let meetingID {
            terms.append("\(idColumn) = ?")
            parameters.append(.text(meetingID))
        }
        return terms.isEmpty ? ("FALSE", []) : ("(\(terms.joined(separator: " OR ")))", parameters)
    }
}
