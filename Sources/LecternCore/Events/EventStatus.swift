/// Where an event is in its life (SPEC §3): planned but not announced, announced with its
/// Zoom meeting or webinar, called off, or over.
public enum EventStatus: String, Sendable, CaseIterable {
    case draft, scheduled, cancelled, finished

    /// The statuses of an event that may be deleted (it has no meeting in Zoom).
    public static let deletable: [EventStatus] = [.draft, .cancelled]

    /// Cancelled and finished events never change status again.
    public var isClosed: Bool {
        self == .cancelled || self == .finished
    }
}
