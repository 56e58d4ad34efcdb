import Foundation
import LecternCore

/// What Zoom's meeting events change: the lesson's status and the pool lease of its meeting.
///
/// The app whose secret signed the event scopes it (SPEC §5): it acts only on lessons whose
/// meeting that app created and on leases of that app's hosts, so whoever holds one app's
/// secret cannot end another app's lesson or free its host. Every change is a conditional UPDATE (`… WHERE status IN …`, `… AND released_at IS NULL`),
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
        /// Lessons or leases with the meeting's id that belong to another app: left alone.
        public var foreign: Int = 0

        public var changedAnything: Bool { lessonsChanged + leasesReleased > 0 }
    }

    /// `meeting.started`: the meeting's scheduled lessons of `appID` go live.
    public func meetingStarted(meetingID: String?, uuid: String?, appID: Int64, startedAt: Date) throws -> Change {
        try db.transaction { tx in
            let lessons = try Self.lockLessons(meetingID: meetingID, uuid: uuid, appID: appID, tx)
            let changed = try Self.update(lessons, to: .live, from: LessonStatus.startedByMeeting,
                                          timeColumn: "started_at", time: startedAt, tx)
            let foreign = lessons.isEmpty ? try Self.foreignCount(meetingID: meetingID, uuid: uuid, appID: appID, tx) : 0
            return Change(matched: lessons.count, lessonsChanged: changed, leasesReleased: 0, foreign: foreign)
        }
    }

    /// `meeting.ended`: the meeting's leases of `appID`'s hosts are given back
    /// (`release_reason` `meeting.ended`) and its scheduled or live lessons of `appID` end.
    public func meetingEnded(meetingID: String?, uuid: String?, appID: Int64, endedAt: Date, now: Date) throws -> Change {
        try db.transaction { tx in
            let lessons = try Self.lockLessons(meetingID: meetingID, uuid: uuid, appID: appID, tx)
            var (condition, parameters) = Self.matching(idColumn: "meeting_id", uuidColumn: "meeting_uuid",
                                                        meetingID: meetingID, uuid: uuid)
            if !lessons.isEmpty {
                // A lease of the lesson whose meeting was never recorded on it is the meeting's too.
                condition = "(\(condition) OR lesson_id IN (\(PlaceholderList.marks(lessons.count))))"
                parameters += lessons.map { SQLValue.int($0) }
            }
            condition += " AND account_id IN (SELECT id FROM zoom_accounts WHERE app_id = ?)"
            parameters.append(.int(appID))
            let leases = try tx.query("SELECT COUNT(*) AS n FROM zoom_leases WHERE \(condition)", parameters)
                .first?.intValue("n") ?? 0
            let released = try tx.execute("""
                UPDATE zoom_leases SET released_at = ?, release_reason = 'meeting.ended'
                WHERE released_at IS NULL AND \(condition)
                """, [.date(now)] + parameters).affectedRows
            let changed = try Self.update(lessons, to: .ended, from: LessonStatus.endedByMeeting,
                                          timeColumn: "ended_at", time: endedAt, tx)
            var foreign = 0
            if lessons.isEmpty, leases == 0 {
                foreign = try Self.foreignCount(meetingID: meetingID, uuid: uuid, appID: appID, tx)
                let (leaseMatch, leaseParameters) = Self.matching(idColumn: "meeting_id", uuidColumn: "meeting_uuid",
                                                                  meetingID: meetingID, uuid: uuid)
                foreign += try tx.query("""
                    SELECT COUNT(*) AS n FROM zoom_leases
                    WHERE \(leaseMatch) AND account_id NOT IN (SELECT id FROM zoom_accounts WHERE app_id = ?)
                    """, leaseParameters + [.int(appID)]).first?.intValue("n") ?? 0
            }
            return Change(matched: lessons.count + leases, lessonsChanged: changed, leasesReleased: released,
                          foreign: foreign)
        }
    }

    /// The ids of the meeting's lessons whose meeting `appID` created (the pool's app #1 when
    /// none was noted), locked in id order (so concurrent deliveries queue rather than deadlock).
    static func lockLessons(meetingID: String?, uuid: String?, appID: Int64, _ db: Connection) throws -> [Int64] {
        let (condition, parameters) = matching(idColumn: "zoom_meeting_id", uuidColumn: "zoom_uuid",
                                               meetingID: meetingID, uuid: uuid)
        return try db.query("""
            SELECT id FROM lessons WHERE \(condition) AND COALESCE(zoom_app_id, ?) = ? ORDER BY id FOR UPDATE
            """, parameters + [.int(ZoomAppRepository.environmentAppID), .int(appID)]).map { try $0.requiredInt("id") }
    }

    /// Lessons with the meeting's id or UUID whose meeting another app created.
    static func foreignCount(meetingID: String?, uuid: String?, appID: Int64, _ db: Connection) throws -> Int {
        let (condition, parameters) = matching(idColumn: "zoom_meeting_id", uuidColumn: "zoom_uuid",
                                               meetingID: meetingID, uuid: uuid)
        return try db.query("""
            SELECT COUNT(*) AS n FROM lessons WHERE \(condition) AND COALESCE(zoom_app_id, ?) <> ?
            """, parameters + [.int(ZoomAppRepository.environmentAppID), .int(appID)]).first?.requiredIntValue("n") ?? 0
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
