import Foundation
import LecternCore

/// Events (seed 004); participants are in `EventRepository+Participants.swift`.
public struct EventRepository {
    let db: Connection

    public init(_ db: Connection) {
        self.db = db
    }

    /// What a new event (a draft) is made of.
    public struct NewEvent: Sendable {
        public var title: String
        public var providerID: Int64
        public var start: Date
        public var durationMinutes: Int
        public var hostID: Int64
        public var description: String?
        public var reminders: [ReminderOffset]

        public init(title: String, providerID: Int64, start: Date, durationMinutes: Int, hostID: Int64,
                    description: String?, reminders: [ReminderOffset]) {
            self.title = title
            self.providerID = providerID
            self.start = start
            self.durationMinutes = durationMinutes
            self.hostID = hostID
            self.description = description
            self.reminders = reminders
        }
    }

    private static let select = """
        SELECT e.id, e.title, e.provider_id, p.app_id, p.event_type, e.start_time, e.duration_minutes, e.host_id,
               e.description, e.status, e.reminders, e.zoom_id, e.zoom_join_url, e.zoom_start_url_enc,
               (SELECT GROUP_CONCAT(ep.user_id ORDER BY ep.user_id) FROM event_participants ep
                WHERE ep.event_id = e.id) AS participants
        FROM events e JOIN event_providers p ON p.id = e.provider_id
        """

    static func record(from row: Row) throws -> EventRecord {
        EventRecord(id: try row.requiredInt("id"), title: try row.requiredString("title"),
                    providerID: try row.requiredInt("provider_id"), appID: try row.requiredInt("app_id"),
                    eventType: try row.required("event_type", as: EventType.self), start: try row.requiredDate("start_time"),
                    durationMinutes: try row.requiredIntValue("duration_minutes"), hostID: try row.requiredInt("host_id"),
                    description: row.string("description"), status: try row.required("status", as: EventStatus.self),
                    reminders: ReminderOffset.fromStorage(row.string("reminders") ?? ""),
                    zoomID: row.string("zoom_id"), zoomJoinURL: row.string("zoom_join_url"),
                    zoomStartURLSealed: row.string("zoom_start_url_enc"), participantIDs: try row.idList("participants"))
    }

    public func find(id: Int64) throws -> EventRecord? {
        try db.query("\(Self.select) WHERE e.id = ?", [.int(id)]).first.map(Self.record(from:))
    }

    /// Visible events with ids above `afterID`, in id order, optionally of one status and
    /// starting within `starting`.
    public func list(scope: EventScope, status: EventStatus?, starting: DateInterval?, afterID: Int64,
                     limit: Int) throws -> [EventRecord] {
        let visible = scope.condition()
        var conditions = [visible.sql, "e.id > ?"]
        var parameters = visible.parameters + [.int(afterID)]
        if let status {
            conditions.append("e.status = ?")
            parameters.append(.text(status.rawValue))
        }
        if let starting {
            conditions.append("e.start_time >= ? AND e.start_time < ?")
            parameters += [.date(starting.start), .date(starting.end)]
        }
        return try db.query("\(Self.select) WHERE \(conditions.joined(separator: " AND ")) ORDER BY e.id LIMIT ?",
                            parameters + [.int(limit)]).map(Self.record(from:))
    }

    /// Stores a draft and returns its id.
    public func insert(_ event: NewEvent) throws -> Int64 {
        try db.execute("""
            INSERT INTO events (title, provider_id, start_time, duration_minutes, host_id, description, reminders)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [.text(event.title), .int(event.providerID), .date(event.start), .int(event.durationMinutes),
                  .int(event.hostID), .optional(event.description),
                  .text(ReminderOffset.storageText(event.reminders))]).lastInsertID
    }

    /// Writes the plannable fields: title, provider, start, duration, host, description, reminders.
    public func updatePlan(_ event: EventRecord) throws {
        try db.execute("""
            UPDATE events SET title = ?, provider_id = ?, start_time = ?, duration_minutes = ?, host_id = ?,
                description = ?, reminders = ?
            WHERE id = ?
            """, [.text(event.title), .int(event.providerID), .date(event.start), .int(event.durationMinutes),
                  .int(event.hostID), .optional(event.description), .text(ReminderOffset.storageText(event.reminders)),
                  .int(event.id)])
    }

    /// Stores the Zoom meeting or webinar made for the event and marks it scheduled.
    public func storeMeeting(eventID: Int64, zoomID: String, joinURL: String, startURLSealed: String) throws {
        try db.execute("""
            UPDATE events SET status = 'scheduled', zoom_id = ?, zoom_join_url = ?, zoom_start_url_enc = ? WHERE id = ?
            """, [.text(zoomID), .text(joinURL), .text(startURLSealed), .int(eventID)])
    }

    /// Takes the event's change claim unless another change holds an unexpired one; `false`
    /// when it does (or the event is gone). Taking one's own claim again succeeds, so a
    /// repeat after a lost acknowledgement does not wait for itself.
    public func takeChangeClaim(eventID: Int64, _ claim: StartClaim, now: Date) throws -> Bool {
        try db.execute("""
            UPDATE events SET change_claim = ?, change_claim_until = ?
            WHERE id = ? AND (change_claim IS NULL OR change_claim = ? OR change_claim_until <= ?)
            """, [.text(claim.token), .date(claim.until), .int(eventID), .text(claim.token), .date(now)]).affectedRows == 1
    }

    /// Clears the claim if it is still `token`'s.
    public func clearChangeClaim(eventID: Int64, token: String) throws {
        try db.execute("UPDATE events SET change_claim = NULL, change_claim_until = NULL WHERE id = ? AND change_claim = ?",
                       [.int(eventID), .text(token)])
    }

    /// The event's claim token with its row locked until the transaction ends.
    public func lockedChangeClaim(eventID: Int64) throws -> String? {
        precondition(db.inTransaction, "the event lock needs a transaction")
        return try db.query("SELECT change_claim FROM events WHERE id = ? FOR UPDATE", [.int(eventID)]).first?.string("change_claim")
    }

    public func setStatus(eventID: Int64, _ status: EventStatus) throws {
        try db.execute("UPDATE events SET status = ? WHERE id = ?", [.text(status.rawValue), .int(eventID)])
    }

    /// Deletes a draft or cancelled event with its participants; `false` when it is neither (or gone).
    public func deleteIfRemovable(id: Int64) throws -> Bool {
        let deletable = PlaceholderList.cases(EventStatus.deletable)
        return try db.execute("DELETE FROM events WHERE id = ? AND status IN (\(deletable.marks))",
                              [.int(id)] + deletable.values).affectedRows == 1
    }

    /// Scheduled events that ended before `endedBefore` become `finished`, and their unsent
    /// reminders go; returns the events finished. Each event is closed in its own transaction.
    public func finishEnded(endedBefore: Date, limit: Int = 500) throws -> [Int64] {
        let ended = try db.query("""
            SELECT id FROM events
            WHERE status = 'scheduled' AND start_time + INTERVAL duration_minutes MINUTE < ?
            ORDER BY start_time LIMIT ?
            """, [.date(endedBefore), .int(Int64(limit))]).map { try $0.requiredInt("id") }
        return try ended.filter { id in
            try db.transaction { tx in
                let closed = try tx.execute("UPDATE events SET status = 'finished' WHERE id = ? AND status = 'scheduled'",
                                            [.int(id)]).affectedRows == 1
                if closed { try NotificationRepository(tx).dropEventReminders(eventID: id) }
                return closed
            }
        }
    }
}
