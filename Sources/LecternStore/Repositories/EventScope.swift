import LecternCore

/// The events a user can see, as an SQL condition: admins every event, anyone else the
/// events they host or take part in.
public enum EventScope: Sendable, Equatable {
    case everything
    case member(Int64)

    public init(_ user: User) {
        self = user.role == .admin ? .everything : .member(user.id)
    }

    /// A condition over the event aliased `e`.
    func condition() -> (sql: String, parameters: [SQLValue]) {
        switch self {
        case .everything:
            return ("TRUE", [])
        case .member(let id):
            return ("(e.host_id = ? OR e.id IN (SELECT ep.event_id FROM event_participants ep WHERE ep.user_id = ?))",
                    [.int(id), .int(id)])
        }
    }
}
