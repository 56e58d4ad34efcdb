import LecternCore
import LecternStore

/// Loads events for a user under SPEC §4's rules (an event the user may not see is a 404,
/// one they may see but not change a 403) and checks the provider and host an event names.
struct EventObjects {
    let db: Connection
    let user: User

    var scope: EventScope { EventScope(user) }

    /// Students take part in events; planning them is for teachers and admins (403).
    func requirePlanner() throws {
        if user.role == .student { throw APIError.forbidden }
    }

    func event(_ id: Int64, _ need: ScheduleObjects.Need) throws -> EventRecord {
        guard let event = try EventRepository(db).find(id: id) else { throw APIError.notFound }
        try access(to: event).require(need)
        return event
    }

    /// Whether the caller sees what only the host and admins see: the start URL (a host
    /// key) and the participant list.
    func seesHostDetails(of event: EventRecord) -> Bool {
        access(to: event) == .write
    }

    /// The provider named by `provider_id`: it must exist, and teachers plan only with the
    /// providers they host (else a 400 naming the field).
    func plannableProvider(_ id: Int64) throws -> EventProviderRecord {
        guard let provider = try EventProviderRepository(db).find(id: id),
              user.role == .admin || provider.hostUserID == user.id else {
            throw APIError.badRequest("provider_id: there is no event provider \(id)\(user.role == .admin ? "" : " of yours").")
        }
        return provider
    }

    /// The host of an event: teachers host their own events; admins name a teacher or an
    /// admin, by default the provider's host.
    func host(_ requested: Int64?, provider: EventProviderRecord) throws -> Int64 {
        guard user.role == .admin else {
            if let requested, requested != user.id {
                throw APIError.badRequest("host_id: teachers host their own events.")
            }
            return user.id
        }
        guard let requested else { return provider.hostUserID }
        guard let host = try UserRepository(db).find(id: requested), host.role != .student else {
            throw APIError.badRequest("host_id: user \(requested) is not a teacher or an admin.")
        }
        return host.id
    }

    private func access(to event: EventRecord) -> ScheduleAccess {
        ScheduleAccess.ofEvent(user, hostID: event.hostID, isParticipant: event.participantIDs.contains(user.id))
    }
}
