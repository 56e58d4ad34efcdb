import Foundation
import LecternCore

/// Pool hosts (`zoom_accounts`) and their leases (`zoom_leases`).
///
/// Capture serialises on the pool's host rows: it locks every active pool host in id order
/// (`FOR UPDATE`, never `SKIP LOCKED`, which could skip a host with a free slot and answer
/// a false "exhausted"), then counts unreleased leases with a locking read, which sees
/// every committed lease whatever the transaction's snapshot. The fixed order means two
/// captures cannot deadlock, and the counts cannot change until the capture commits.
public struct PoolRepository {
    let db: Connection

    public init(_ db: Connection) {
        self.db = db
    }

    /// A host with its current load, for the admin list.
    public struct Host: Sendable, Equatable {
        public var id: Int64
        public var appID: Int64
        public var email: String
        public var zoomUserID: String?
        public var maxConcurrentMeetings: Int
        public var isActive: Bool
        public var lastUsedAt: Date?
        public var currentMeetings: Int
        public var activeLessonIDs: [Int64]

        /// The user id meetings are created for: the Zoom user id, else the email.
        public var zoomUser: String { zoomUserID ?? email }
    }

    /// A lease granted by capture.
    public struct Lease: Sendable, Equatable {
        public var id: Int64
        public var accountID: Int64
        public var appID: Int64
        public var email: String
        public var zoomUser: String
    }

    /// An unreleased lease with what the stuck-host duty needs to judge it.
    public struct OpenLease: Sendable, Equatable {
        public var facts: StuckLease
        public var lessonID: Int64?
        /// The app that created the meeting (the host's app).
        public var appID: Int64
    }

    static let hostColumns = """
        a.id, a.app_id, a.email, a.zoom_user_id, a.max_concurrent_meetings, a.is_active, a.last_used_at,
        (SELECT COUNT(*) FROM zoom_leases l WHERE l.account_id = a.id AND l.released_at IS NULL) AS current_meetings,
        (SELECT GROUP_CONCAT(l.lesson_id ORDER BY l.lesson_id) FROM zoom_leases l
            WHERE l.account_id = a.id AND l.released_at IS NULL AND l.lesson_id IS NOT NULL) AS lesson_ids
        """

    static func host(from row: Row) throws -> Host {
        Host(id: try row.requiredInt("id"), appID: try row.requiredInt("app_id"), email: try row.requiredString("email"),
             zoomUserID: row.string("zoom_user_id"), maxConcurrentMeetings: try row.requiredIntValue("max_concurrent_meetings"),
             isActive: try row.requiredBool("is_active"), lastUsedAt: row.date("last_used_at"),
             currentMeetings: try row.requiredIntValue("current_meetings"), activeLessonIDs: try row.idList("lesson_ids"))
    }

    // MARK: Hosts

    public func hosts(afterID: Int64, limit: Int) throws -> [Host] {
        try db.query("SELECT \(Self.hostColumns) FROM zoom_accounts a WHERE a.id > ? ORDER BY a.id LIMIT ?",
                     [.int(afterID), .int(limit)]).map(Self.host(from:))
    }

    public func host(id: Int64) throws -> Host? {
        try db.query("SELECT \(Self.hostColumns) FROM zoom_accounts a WHERE a.id = ?", [.int(id)]).first.map(Self.host(from:))
    }

    /// Adds a host; throws ``DatabaseError/duplicateKey(_:)`` when the email is taken.
    public func insertHost(appID: Int64, email: String, zoomUserID: String?, maxConcurrentMeetings: Int,
                           isActive: Bool) throws -> Int64 {
        try db.execute("""
            INSERT INTO zoom_accounts (app_id, email, zoom_user_id, max_concurrent_meetings, is_active)
            VALUES (?, ?, ?, ?, ?)
            """, [.int(appID), .text(email.lowercased()), .optional(zoomUserID), .int(maxConcurrentMeetings),
                  .bool(isActive)]).lastInsertID
    }

    /// Changes to a host; `nil` fields stay as they are.
    public struct HostChange: Sendable {
        public var email: String?
        public var zoomUserID: String?
        public var maxConcurrentMeetings: Int?
        public var isActive: Bool?

        public init(email: String? = nil, zoomUserID: String? = nil, maxConcurrentMeetings: Int? = nil,
                    isActive: Bool? = nil) {
            self.email = email
            self.zoomUserID = zoomUserID
            self.maxConcurrentMeetings = maxConcurrentMeetings
            self.isActive = isActive
        }
    }

    public enum HostUpdate: Sendable, Equatable {
        case updated
        case notFound
        /// The new limit is below the host's unreleased leases.
        case busy(activeLeases: Int)
    }

    /// Applies `change` with the host row locked, as capture locks it, so a lowered limit is
    /// checked against a load that cannot grow meanwhile.
    public func updateHost(id: Int64, _ change: HostChange) throws -> HostUpdate {
        try db.transaction { tx in
            guard try !tx.query("SELECT id FROM zoom_accounts WHERE id = ? FOR UPDATE", [.int(id)]).isEmpty else {
                return .notFound
            }
            if let max = change.maxConcurrentMeetings {
                let active = try Self.activeLeases(accountIDs: [id], tx)[id] ?? 0
                guard PoolRules.canSetLimit(max, activeLeases: active) else { return .busy(activeLeases: active) }
            }
            try tx.execute("""
                UPDATE zoom_accounts SET email = COALESCE(?, email), zoom_user_id = COALESCE(?, zoom_user_id),
                    max_concurrent_meetings = COALESCE(?, max_concurrent_meetings), is_active = COALESCE(?, is_active)
                WHERE id = ?
                """, [.optional(change.email?.lowercased()), .optional(change.zoomUserID),
                      .optional(change.maxConcurrentMeetings), change.isActive.map(SQLValue.bool) ?? .null, .int(id)])
            return .updated
        }
    }

    // MARK: Capture and release

    /// Borrows a host for `lessonID` inside the caller's transaction (which must already hold
    /// the lesson's row lock), for the press whose claim is `claim`; `nil` when every active
    /// pool host is full.
    public func capture(lessonID: Int64?, claim: String, now: Date) throws -> Lease? {
        precondition(db.inTransaction, "capture must run inside a transaction")
        // Read apart, so that the app rows (which token refreshes lock) are not locked here.
        let poolApps = try db.query("SELECT id FROM zoom_apps WHERE kind = 'pool'").map { try $0.requiredInt("id") }
        guard !poolApps.isEmpty else { return nil }
        let rows = try db.query("""
            SELECT a.id, a.app_id, a.email, a.zoom_user_id, a.max_concurrent_meetings, a.last_used_at
            FROM zoom_accounts a
            WHERE a.is_active = 1 AND a.app_id IN (\(PlaceholderList.marks(poolApps.count)))
            ORDER BY a.id FOR UPDATE
            """, poolApps.map { SQLValue.int($0) })
        guard !rows.isEmpty else { return nil }
        let ids = try rows.map { try $0.requiredInt("id") }
        let active = try Self.activeLeases(accountIDs: ids, db)
        let loads = try rows.map { row in
            let id = try row.requiredInt("id")
            return HostLoad(accountID: id, maxConcurrentMeetings: try row.requiredIntValue("max_concurrent_meetings"),
                            activeLeases: active[id] ?? 0, lastUsedAt: row.date("last_used_at"))
        }
        guard let chosen = PoolRules.choose(loads),
              let row = rows.first(where: { $0.int("id") == chosen.accountID }) else { return nil }
        let appID = try row.requiredInt("app_id")
        let email = try row.requiredString("email")
        let leaseID = try db.execute("INSERT INTO zoom_leases (account_id, lesson_id, acquired_at, claim) VALUES (?, ?, ?, ?)",
                                     [.int(chosen.accountID), .optional(lessonID), .date(now), .text(claim)]).lastInsertID
        try db.execute("UPDATE zoom_accounts SET last_used_at = ? WHERE id = ?", [.date(now), .int(chosen.accountID)])
        return Lease(id: leaseID, accountID: chosen.accountID, appID: appID, email: email,
                     zoomUser: row.string("zoom_user_id") ?? email)
    }

    /// Unreleased leases per host, read with a locking read so that a transaction whose
    /// snapshot is older still sees leases committed since.
    static func activeLeases(accountIDs: [Int64], _ db: Connection) throws -> [Int64: Int] {
        guard !accountIDs.isEmpty else { return [:] }
        let rows = try db.query("""
            SELECT account_id, COUNT(*) AS n FROM zoom_leases
            WHERE account_id IN (\(PlaceholderList.marks(accountIDs.count))) AND released_at IS NULL
            GROUP BY account_id LOCK IN SHARE MODE
            """, accountIDs.map { SQLValue.int($0) })
        var counts: [Int64: Int] = [:]
        for row in rows {
            counts[try row.requiredInt("account_id")] = try row.requiredIntValue("n")
        }
        return counts
    }

    /// Takes over the lesson's unreleased lease that has no meeting yet (left by a start that
    /// failed half-way, or whose claim expired), with its host, so a new start can finish it
    /// instead of borrowing a second host. The caller holds the lesson's row lock and a fresh
    /// claim, `claim`, which the lease now carries: the press that left it can no longer
    /// attach a meeting to it or give it back.
    public func takeOverMeetinglessLease(lessonID: Int64, claim: String) throws -> Lease? {
        let found = try db.query("""
            SELECT l.id, l.account_id, a.app_id, a.email, a.zoom_user_id FROM zoom_leases l
            JOIN zoom_accounts a ON a.id = l.account_id
            WHERE l.lesson_id = ? AND l.released_at IS NULL AND l.meeting_id IS NULL
            ORDER BY l.id LIMIT 1
            """, [.int(lessonID)]).first.map { row in
            let email = try row.requiredString("email")
            return Lease(id: try row.requiredInt("id"), accountID: try row.requiredInt("account_id"),
                         appID: try row.requiredInt("app_id"), email: email, zoomUser: row.string("zoom_user_id") ?? email)
        }
        guard let found, try db.execute("""
            UPDATE zoom_leases SET claim = ? WHERE id = ? AND released_at IS NULL AND meeting_id IS NULL
            """, [.text(claim), .int(found.id)]).affectedRows == 1 else { return nil }
        return found
    }

    /// Records the meeting made on a lease by the press whose claim is `claim`; `false` when
    /// the lease was released, given a meeting or taken over meanwhile.
    public func attachMeeting(leaseID: Int64, claim: String, meetingID: String, uuid: String?) throws -> Bool {
        try db.execute("""
            UPDATE zoom_leases SET meeting_id = ?, meeting_uuid = ?
            WHERE id = ? AND released_at IS NULL AND meeting_id IS NULL AND claim = ?
            """, [.text(meetingID), .optional(uuid), .int(leaseID), .text(claim)]).affectedRows == 1
    }

    /// Gives back a lease after a failed start (SPEC §4): only the lease this press took
    /// (`claim`), and only while no meeting is attached to it, in one statement; `false`
    /// when it is no longer that press's to give.
    @discardableResult
    public func giveBack(leaseID: Int64, claim: String, reason: String, now: Date) throws -> Bool {
        try db.execute("""
            UPDATE zoom_leases SET released_at = ?, release_reason = ?
            WHERE id = ? AND released_at IS NULL AND meeting_id IS NULL AND claim = ?
            """, [.date(now), .text(reason), .int(leaseID), .text(claim)]).affectedRows == 1
    }

    /// Gives one lease back; `false` when it was already released.
    @discardableResult
    public func release(leaseID: Int64, reason: String, now: Date) throws -> Bool {
        try db.execute("""
            UPDATE zoom_leases SET released_at = ?, release_reason = ? WHERE id = ? AND released_at IS NULL
            """, [.date(now), .text(reason), .int(leaseID)]).affectedRows == 1
    }

    /// Gives back every unreleased lease of a lesson; returns how many.
    @discardableResult
    public func releaseLeases(lessonID: Int64, reason: String, now: Date) throws -> Int {
        try db.execute("""
            UPDATE zoom_leases SET released_at = ?, release_reason = ? WHERE lesson_id = ? AND released_at IS NULL
            """, [.date(now), .text(reason), .int(lessonID)]).affectedRows
    }

    /// Force-releases a host: every unreleased lease; returns the lessons they served.
    /// Their lesson rows are locked first, in the order starts and ends lock them.
    public func releaseHost(id: Int64, reason: String, now: Date) throws -> [Int64] {
        try db.transaction { tx in
            let lessons = try tx.query("""
                SELECT lesson_id FROM zoom_leases WHERE account_id = ? AND released_at IS NULL AND lesson_id IS NOT NULL
                ORDER BY lesson_id
                """, [.int(id)]).map { try $0.requiredInt("lesson_id") }
            if !lessons.isEmpty {
                _ = try tx.query("SELECT id FROM lessons WHERE id IN (\(PlaceholderList.marks(lessons.count))) ORDER BY id FOR UPDATE",
                                 lessons.map { SQLValue.int($0) })
            }
            try tx.execute("""
                UPDATE zoom_leases SET released_at = ?, release_reason = ? WHERE account_id = ? AND released_at IS NULL
                """, [.date(now), .text(reason), .int(id)])
            return lessons
        }
    }

    /// Every unreleased lease, oldest first, with its lesson's end.
    public func openLeases() throws -> [OpenLease] {
        try db.query("\(Self.openLeaseSelect) WHERE l.released_at IS NULL ORDER BY l.id").map(Self.openLease(from:))
    }

    /// One unreleased lease, read afresh with its row locked; the caller's transaction holds
    /// the lease's lesson row first, as starts lock it.
    public func lockedOpenLease(id: Int64) throws -> OpenLease? {
        precondition(db.inTransaction, "the lease lock needs a transaction")
        guard try !db.query("SELECT id FROM zoom_leases WHERE id = ? AND released_at IS NULL FOR UPDATE",
                            [.int(id)]).isEmpty else { return nil }
        return try db.query("\(Self.openLeaseSelect) WHERE l.id = ? AND l.released_at IS NULL", [.int(id)])
            .first.map(Self.openLease(from:))
    }

    static let openLeaseSelect = """
        SELECT l.id, l.acquired_at, l.meeting_id, l.lesson_id, a.app_id,
               s.start_time, s.end_time, s.started_at, s.ended_at,
               IF(l.claim IS NOT NULL AND l.claim = s.start_claim, s.start_claim_until, NULL) AS claim_until
        FROM zoom_leases l JOIN zoom_accounts a ON a.id = l.account_id
        LEFT JOIN lessons s ON s.id = l.lesson_id
        """

    static func openLease(from row: Row) throws -> OpenLease {
        let id = try row.requiredInt("id"), acquired = try row.requiredDate("acquired_at"), appID = try row.requiredInt("app_id")
        var lessonEnd: Date?
        if let start = row.date("start_time"), let end = row.date("end_time") {
            lessonEnd = StuckLease.lessonEnd(plannedStart: start, plannedEnd: end, startedAt: row.date("started_at"),
                                             endedAt: row.date("ended_at"))
        }
        return OpenLease(facts: StuckLease(leaseID: id, acquiredAt: acquired, meetingID: row.string("meeting_id"),
                                           lessonEnd: lessonEnd, claimUntil: row.date("claim_until")),
                         lessonID: row.int("lesson_id"), appID: appID)
    }
}
