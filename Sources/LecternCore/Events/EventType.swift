/// What an event provider creates in Zoom: a meeting (any plan) or a webinar (paid plans only).
public enum EventType: String, Sendable, CaseIterable {
    case meeting, webinar
}
