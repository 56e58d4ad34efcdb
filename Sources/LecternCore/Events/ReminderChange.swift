import Foundation

/// What happens to the queued reminders of one offset when an event is scheduled or moved.
public enum ReminderChange: Sendable, Equatable {
    /// Queue one for every recipient who has none, and move unsent ones to this time.
    case queue(Date)
    /// The time is unchanged: unsent ones stay due when they are (their text is refreshed).
    case keep
    /// Remove unsent ones: the offset was dropped, or its new time has already passed.
    case drop
}
