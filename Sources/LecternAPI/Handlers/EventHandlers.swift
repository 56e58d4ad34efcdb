import Foundation
import LecternCore
import LecternCrypto
import LecternPool
import LecternStore
import Logging

/// `/api/schedule/events/…` (seed 004): events held through an event provider's Zoom app.
/// Admins plan any event; teachers plan events they host with providers they host; hosts
/// change their events; participants read them. `PATCH {"status": …}` moves an event along
/// `draft → scheduled → finished` or cancels it; participants are in
/// `EventHandlers+Participants.swift`.
enum EventHandlers {
    struct CreateBody: Decodable {
        var title: String
        var providerId: Int64
        var startTime: Date
        var duration: Int
        var hostId: Int64?
        var description: String?
        var status: String?
        var reminders: [String]?
    }

    struct PatchBody: Decodable {
        var title: String?
        var providerId: Int64?
        var startTime: Date?
        var duration: Int?
        var hostId: Int64?
        var description: String??
        var status: String?
        var reminders: [String]?

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            title = try container.decodeIfGiven(String.self, forKey: .title)
            providerId = try container.decodeIfGiven(Int64.self, forKey: .providerId)
            startTime = try container.decodeIfGiven(Date.self, forKey: .startTime)
            duration = try container.decodeIfGiven(Int.self, forKey: .duration)
            hostId = try container.decodeIfGiven(Int64.self, forKey: .hostId)
            description = try container.decodeClearable(String.self, forKey: .description)
            status = try container.decodeIfGiven(String.self, forKey: .status)
            reminders = try container.decodeIfGiven([String].self, forKey: .reminders)
        }

        enum CodingKeys: String, CodingKey {
            case title, providerId, startTime, duration, hostId, description, status, reminders
        }

        /// Whether the body changes more than the title and description.
        var replans: Bool {
            providerId != nil || startTime != nil || duration != nil || hostId != nil || reminders != nil
        }
    }

    static func list(_ context: RequestContext) throws -> HTTPResponse {
        let user = try context.user()
        let objects = EventObjects(db: context.db, user: user)
        let request = context.request
        let limit = try ListPage<EventJSON>.limit(request)
        let starting = try ScheduleInput.optionalDayRange(request).map { days in
            InputBounds.storable(try DayRange(from: days.from, to: days.to)
                .interval(in: ScheduleInput.zone(of: user)))
        }
        let events = try EventRepository(context.db).list(
            scope: objects.scope, status: try request.query["status"].map { try status($0) }, starting: starting,
            afterID: try ScheduleInput.idCursor(request), limit: limit + 1)
        return try JSONBody.response(200, ListPage(events, limit: limit, request: request, cursor: { String($0.id) },
                                                   item: { try json($0, context: context, objects: objects) }))
    }

    static func create(_ context: RequestContext) throws -> HTTPResponse {
        let objects = EventObjects(db: context.db, user: try context.user())
        try objects.requirePlanner()
        let body = try context.decode(CreateBody.self)
        let title = try InputBounds.name(body.title, field: "title")
        let provider = try objects.plannableProvider(body.providerId)
        let hostID = try objects.host(body.hostId, provider: provider)
        let start = try InputBounds.instant(body.startTime, field: "start_time")
        try EventTiming.checkDuration(body.duration)
        let reminders = try ReminderOffset.parse(body.reminders ?? [])
        let description = try body.description.map(checkedDescription)
        let requested = try body.status.map(status) ?? .draft
        guard requested == .draft || requested == .scheduled else {
            throw APIError.badRequest("status: a new event is \"draft\" or \"scheduled\".")
        }
        let repository = EventRepository(context.db)
        let id = try repository.insert(.init(title: title, providerID: provider.id, start: start,
                                             durationMinutes: body.duration, hostID: hostID, description: description,
                                             reminders: reminders))
        if requested == .scheduled {
            try scheduleNew(id, context: context, repository: repository)
        }
        return try JSONBody.response(201, json(found(id, repository), context: context, objects: objects))
    }

    static func show(_ context: RequestContext) throws -> HTTPResponse {
        let objects = EventObjects(db: context.db, user: try context.user())
        return try JSONBody.response(200, json(try objects.event(try context.id("id"), .read), context: context,
                                               objects: objects))
    }

    static func update(_ context: RequestContext) throws -> HTTPResponse {
        let objects = EventObjects(db: context.db, user: try context.user())
        let id = try context.id("id")
        // Visibility first, so that a stranger learns nothing from a bad body.
        _ = try objects.event(id, .write)
        let body = try context.decode(PatchBody.self)
        let lifecycle = try context.eventLifecycle()
        try lifecycle.locked(id) {
            let current = try objects.event(id, .write)
            let planned = try replanned(current, with: body, objects: objects)
            let requested = try body.status.map(status) ?? current.status
            try lifecycle.apply(planned, from: current, EventTransition.decide(from: current.status, to: requested,
                                                                               start: planned.start, now: context.now))
        }
        return try JSONBody.response(200, json(found(id, EventRepository(context.db)), context: context, objects: objects))
    }

    static func delete(_ context: RequestContext) throws -> HTTPResponse {
        let objects = EventObjects(db: context.db, user: try context.user())
        let id = try context.id("id")
        _ = try objects.event(id, .write)
        try context.eventLifecycle().locked(id) {
            guard try EventRepository(context.db).deleteIfRemovable(id: id) else {
                throw APIError(409, "event_not_deletable",
                               "Only draft and cancelled events can be deleted; cancel a scheduled one first.")
            }
        }
        return .noContent()
    }

    /// Schedules an event just created as a draft; the draft goes again when that fails,
    /// so a failed request leaves nothing behind.
    private static func scheduleNew(_ id: Int64, context: RequestContext, repository: EventRepository) throws {
        let lifecycle = try context.eventLifecycle()
        do {
            try lifecycle.locked(id) {
                let draft = try found(id, repository)
                try lifecycle.apply(draft, from: draft, .schedule)
            }
        } catch {
            do { _ = try repository.deleteIfRemovable(id: id) } catch {
                Logger(label: "events").warning("cannot remove a new event whose scheduling failed",
                                                metadata: ["event": "\(id)", "error": "\(error)"])
            }
            throw error
        }
    }

    /// `current` with the body's changes, checked. Provider and host are fixed once the
    /// event is scheduled (its meeting belongs to them); closed events keep their plan.
    private static func replanned(_ current: EventRecord, with body: PatchBody,
                                  objects: EventObjects) throws -> EventRecord {
        var event = current
        if let title = body.title { event.title = try InputBounds.name(title, field: "title") }
        if let description = body.description { event.description = try description.map(checkedDescription) }
        guard body.replans else { return event }
        guard !current.status.isClosed else {
            throw APIError(409, "event_closed",
                           "The event is \(current.status.rawValue); only its title and description can still change.")
        }
        if let providerID = body.providerId, providerID != current.providerID {
            try requireDraft(current, "provider_id")
            let provider = try objects.plannableProvider(providerID)
            event.providerID = provider.id
            event.appID = provider.appID
            event.eventType = provider.eventType
        }
        if let hostID = body.hostId, hostID != current.hostID {
            try requireDraft(current, "host_id")
            guard let provider = try EventProviderRepository(objects.db).find(id: event.providerID) else {
                throw APIError.notFound
            }
            event.hostID = try objects.host(hostID, provider: provider)
        }
        if let start = body.startTime { event.start = try InputBounds.instant(start, field: "start_time") }
        if let duration = body.duration {
            try EventTiming.checkDuration(duration)
            event.durationMinutes = duration
        }
        if let reminders = body.reminders {
            event.reminders = try ReminderOffset.parse(reminders)
        }
        return event
    }

    private static func requireDraft(_ event: EventRecord, _ field: String) throws {
        guard event.status == .draft else {
            throw APIError(409, "event_not_draft",
                           "\(field): fixed once the event is scheduled; cancel it and plan a new one instead.")
        }
    }

    private static func status(_ text: String) throws -> EventStatus {
        guard let status = EventStatus(rawValue: text) else {
            let known = EventStatus.allCases.map(\.rawValue).joined(separator: ", ")
            throw APIError.badRequest("status: must be one of \(known).")
        }
        return status
    }

    private static func checkedDescription(_ text: String) throws -> String {
        try InputBounds.text(text, field: "description")
    }

    static func found(_ id: Int64, _ repository: EventRepository) throws -> EventRecord {
        guard let event = try repository.find(id: id) else { throw APIError.notFound }
        return event
    }

    /// The event as `context`'s caller may see it: the start URL and participants only for
    /// its host and admins.
    static func json(_ event: EventRecord, context: RequestContext, objects: EventObjects) throws -> EventJSON {
        guard objects.seesHostDetails(of: event) else { return EventJSON(event, startURL: .none) }
        guard let sealed = event.zoomStartURLSealed else { return EventJSON(event, startURL: .some(nil)) }
        // A value that was not sealed for this event (copied from elsewhere) is not shown.
        return EventJSON(event, startURL: .some(try? context.secretBox().open(sealed, .eventStartURL, rowID: event.id)))
    }
}
