import Foundation

/// What asking for a status does to an event: `draft → scheduled → finished` and
/// `draft|scheduled → cancelled`; nothing leaves `cancelled` or `finished`.
public enum EventTransition: Sendable, Equatable {
    /// The status asked for is the current one: nothing changes.
    case unchanged
    /// Draft → scheduled: create the Zoom meeting or webinar and queue the reminders.
    case schedule
    /// Draft or scheduled → cancelled: unsent reminders go (and a scheduled event's meeting).
    case cancel
    /// Scheduled → finished: unsent reminders go.
    case finish
    /// Not allowed (409); `code` is the API's error code.
    case refuse(code: String, detail: String)

    /// The transition from `current` to `requested` for an event starting at `start`; an
    /// event cannot be finished before it has started (it is cancelled instead).
    public static func decide(from current: EventStatus, to requested: EventStatus, start: Date,
                              now: Date) -> EventTransition {
        switch (current, requested) {
        case _ where requested == current:
            return .unchanged
        case (.cancelled, _), (.finished, _):
            return .refuse(code: "event_closed", detail: "The event is \(current.rawValue); its status cannot change any more.")
        case (_, .scheduled):
            return .schedule
        case (_, .cancelled):
            return .cancel
        case (.draft, .finished):
            return .refuse(code: "event_not_scheduled", detail: "Only a scheduled event can be finished.")
        case (_, .finished):
            guard start <= now else {
                return .refuse(code: "event_not_started",
                               detail: "The event has not started yet; cancel it instead of finishing it.")
            }
            return .finish
        case (_, .draft):
            return .refuse(code: "event_scheduled",
                           detail: "A scheduled event cannot go back to draft; cancel it and plan a new one.")
        }
    }
}
