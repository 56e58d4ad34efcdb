import Foundation
import LecternCore
import LecternCrypto
import LecternPool
import LecternStore

/// Changes events one at a time per event: a change takes the event's claim (a random
/// token with an expiry, committed in the event's row, so it holds on every host and
/// outlives a dropped session or a database fail-over), makes the Zoom call outside any
/// transaction, then stores the event, its status and its reminders in one transaction that
/// succeeds only while the claim is still its own. A Zoom failure therefore leaves nothing
/// written, and a meeting made for a change that could not be stored is deleted again.
struct EventLifecycle {
    /// Seconds a change waits for another change of the same event.
    static let waitSeconds: TimeInterval = 10
    static let pollInterval: TimeInterval = 0.2

    let db: Connection
    let meetings: EventMeetings
    let box: SecretBox
    let now: Date
    /// This change's claim token.
    let claim = SecureRandom.hex(16)

    /// Runs `body` holding the event's claim; every change of an event goes through here.
    func locked<T>(_ eventID: Int64, _ body: () throws -> T) throws -> T {
        let events = EventRepository(db)
        let deadline = Date().addingTimeInterval(Self.waitSeconds)
        while try !events.takeChangeClaim(eventID: eventID, StartClaim.taken(token: claim, now: Date()), now: Date()) {
            // A missing event is the body's to report.
            guard try events.find(id: eventID) != nil else { return try body() }
            guard Date() < deadline else {
                throw APIError(409, "event_busy", "Another change of this event is still in progress; try again.")
            }
            Thread.sleep(forTimeInterval: Self.pollInterval)
        }
        defer {
            do { try events.clearChangeClaim(eventID: eventID, token: claim) } catch {
                // It expires by itself.
                meetings.logger.warning("cannot clear an event's claim", metadata: ["event": "\(eventID)", "error": "\(error)"])
            }
        }
        return try body()
    }

    /// Inside a storing transaction: the event row locked, and the claim still this change's.
    private func checkClaim(_ eventID: Int64, _ tx: Connection) throws {
        guard try EventRepository(tx).lockedChangeClaim(eventID: eventID) == claim else {
            throw APIError(409, "event_busy", "Another change of this event took over; try again.")
        }
    }

    /// Stores `planned` (`current` with a request's changes) and carries out `transition`.
    func apply(_ planned: EventRecord, from current: EventRecord, _ transition: EventTransition) throws {
        switch transition {
        case .refuse(let code, let detail):
            throw APIError(409, code, detail)
        case .schedule:
            try schedule(planned)
        case .cancel:
            if current.status == .scheduled, let zoomID = current.zoomID {
                meetings.discard(zoomID: zoomID, of: current, db: db, reason: "event_cancelled")
            }
            try close(planned, as: .cancelled)
        case .finish:
            try close(planned, as: .finished)
        case .unchanged where current.status == .scheduled:
            try reschedule(planned, from: current)
        case .unchanged:
            guard planned != current else { return }
            try db.transaction { tx in
                try checkClaim(planned.id, tx)
                try EventRepository(tx).updatePlan(planned)
            }
        }
    }

    /// Adds participants; those of a scheduled event get the reminders still to come.
    func addParticipants(_ userIDs: [Int64], to event: EventRecord) throws {
        try db.transaction { tx in
            try EventRepository(tx).addParticipants(eventID: event.id, userIDs: userIDs)
            if event.status == .scheduled { try EventReminderQueue(db: tx).queueUpcoming(of: event, now: now) }
        }
    }

    /// Removes a participant and their unsent reminders (unless they host the event);
    /// `false` when they were not one.
    func removeParticipant(_ userID: Int64, from event: EventRecord) throws -> Bool {
        try db.transaction { tx in
            guard try EventRepository(tx).removeParticipant(eventID: event.id, userID: userID) else { return false }
            if userID != event.hostID { try NotificationRepository(tx).dropEventReminders(eventID: event.id, userID: userID) }
            return true
        }
    }

    /// Draft → scheduled: the meeting or webinar, then the event and its reminders.
    private func schedule(_ planned: EventRecord) throws {
        try EventTiming.checkSchedulable(start: planned.start, now: now)
        guard let provider = try EventProviderRepository(db).find(id: planned.providerID) else {
            throw APIError.badRequest("provider_id: there is no event provider \(planned.providerID).")
        }
        let meeting = try meetings.create(planned, for: provider.zoomUserID, timezone: try hostZone(planned))
        var scheduled = planned
        scheduled.status = .scheduled
        scheduled.zoomID = String(meeting.id)
        scheduled.zoomJoinURL = meeting.joinUrl
        do {
            try db.transaction { tx in
                try checkClaim(scheduled.id, tx)
                let events = EventRepository(tx)
                try events.updatePlan(scheduled)
                try events.storeMeeting(eventID: scheduled.id, zoomID: String(meeting.id), joinURL: meeting.joinUrl,
                                        startURLSealed: box.seal(meeting.startUrl, .eventStartURL, rowID: scheduled.id))
                try EventReminderQueue(db: tx).apply(scheduled.reminderSchedule.changes(from: nil, now: now), to: scheduled)
            }
        } catch {
            meetings.discard(zoomID: String(meeting.id), of: scheduled, db: db, reason: "event_not_stored")
            throw error
        }
    }

    /// A scheduled event edited: Zoom learns the new plan, unsent reminders follow it.
    private func reschedule(_ planned: EventRecord, from current: EventRecord) throws {
        guard planned != current else { return }
        if planned.start != current.start {
            try EventTiming.checkSchedulable(start: planned.start, now: now)
        }
        try meetings.update(from: current, to: planned, timezone: try hostZone(planned))
        try db.transaction { tx in
            try checkClaim(planned.id, tx)
            try EventRepository(tx).updatePlan(planned)
            try EventReminderQueue(db: tx).apply(planned.reminderSchedule.changes(from: current.reminderSchedule, now: now),
                                                 to: planned)
        }
    }

    /// Cancelled or finished: no reminder goes out any more.
    private func close(_ planned: EventRecord, as status: EventStatus) throws {
        try db.transaction { tx in
            try checkClaim(planned.id, tx)
            let events = EventRepository(tx)
            try events.updatePlan(planned)
            try events.setStatus(eventID: planned.id, status)
            try NotificationRepository(tx).dropEventReminders(eventID: planned.id)
        }
    }

    /// The host's time zone, which Zoom shows the meeting in.
    private func hostZone(_ event: EventRecord) throws -> String {
        try UserRepository(db).find(id: event.hostID)?.timezone ?? "UTC"
    }
}
