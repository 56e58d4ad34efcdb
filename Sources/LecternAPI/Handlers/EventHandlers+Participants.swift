import LecternCore
import LecternStore

/// `POST …/events/{id}/participants/` and `DELETE …/participants/{user_id}/` (host and admins).
extension EventHandlers {
    struct ParticipantsBody: Decodable {
        var userIds: [Int64]
    }

    /// Adds users (any role) to the event; adding one twice changes nothing. Participants of a
    /// scheduled event get the reminders still to come.
    static func addParticipants(_ context: RequestContext) throws -> HTTPResponse {
        let objects = EventObjects(db: context.db, user: try context.user())
        let id = try context.id("id")
        _ = try objects.event(id, .write)
        let body = try context.decode(ParticipantsBody.self)
        let userIDs = try InputBounds.ids(body.userIds, field: "user_ids")
        let known = try UserRepository(context.db).existing(among: userIDs)
        let unknown = userIDs.filter { !known.contains($0) }
        guard unknown.isEmpty else {
            let names = unknown.map(String.init).joined(separator: ", ")
            throw APIError.badRequest("user_ids: there is no user \(names).")
        }
        let lifecycle = try context.eventLifecycle()
        try lifecycle.locked(id) {
            let event = try objects.event(id, .write)
            guard !event.status.isClosed else {
                throw APIError(409, "event_closed", "The event is \(event.status.rawValue); its participants are final.")
            }
            try lifecycle.addParticipants(userIDs, to: event)
        }
        return try JSONBody.response(201, json(found(id, EventRepository(context.db)), context: context, objects: objects))
    }

    /// Removes a participant (404 if they are not one) and their unsent reminders.
    static func removeParticipant(_ context: RequestContext) throws -> HTTPResponse {
        let objects = EventObjects(db: context.db, user: try context.user())
        let id = try context.id("id")
        let userID = try context.id("user_id")
        _ = try objects.event(id, .write)
        let lifecycle = try context.eventLifecycle()
        try lifecycle.locked(id) {
            guard try lifecycle.removeParticipant(userID, from: objects.event(id, .write)) else { throw APIError.notFound }
        }
        return .noContent()
    }
}
