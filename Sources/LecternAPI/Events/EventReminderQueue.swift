import Foundation
import LecternCore
import LecternStore

/// Writes an event's reminder changes (``ReminderSchedule/changes(from:now:)``) into the
/// outbox, each recipient's text showing the start in their own time zone.
struct EventReminderQueue {
    let db: Connection

    func apply(_ changes: [ReminderOffset: ReminderChange], to event: EventRecord) throws {
        guard !changes.isEmpty else { return }
        let outbox = NotificationRepository(db)
        let zones = try outbox.eventRecipientZones(eventID: event.id, hostID: event.hostID)
        for (offset, change) in changes.sorted(by: { $0.key < $1.key }) {
            switch change {
            case .drop:
                try outbox.dropEventReminders(eventID: event.id, offset: offset)
            case .queue(let due):
                for zone in zones {
                    let text = Self.text(event, offset, zone)
                    try outbox.queueEventReminders(eventID: event.id, hostID: event.hostID, offset: offset, due: due,
                                                   zone: zone, subject: text.subject, body: text.body)
                }
            case .keep:
                for zone in zones {
                    let text = Self.text(event, offset, zone)
                    try outbox.refreshEventReminders(eventID: event.id, offset: offset, zone: zone,
                                                     subject: text.subject, body: text.body)
                }
            }
        }
    }

    /// Queues the reminders still to come for the recipients who have none yet (new participants).
    func queueUpcoming(of event: EventRecord, now: Date) throws {
        try apply(event.reminderSchedule.dueTimes(after: now).mapValues(ReminderChange.queue), to: event)
    }

    private static func text(_ event: EventRecord, _ offset: ReminderOffset, _ zone: String) -> EventReminderText {
        EventReminderText(title: event.title, start: event.start, durationMinutes: event.durationMinutes,
                          joinURL: event.zoomJoinURL, offset: offset,
                          zone: TimeZone(identifier: zone) ?? TimeZone(identifier: "UTC")!)
    }
}
