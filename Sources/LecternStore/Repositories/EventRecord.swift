import Foundation
import LecternCore

/// An event as stored, with what its provider contributes (the Zoom app and event type)
/// and its participants.
public struct EventRecord: Sendable, Equatable {
    public var id: Int64
    public var title: String
    public var providerID: Int64
    /// The provider's app, which made (or will make) the Zoom meeting.
    public var appID: Int64
    public var eventType: EventType
    public var start: Date
    public var durationMinutes: Int
    public var hostID: Int64
    public var description: String?
    public var status: EventStatus
    /// Nearest first.
    public var reminders: [ReminderOffset]
    public var zoomID: String?
    public var zoomJoinURL: String?
    /// The host start URL, sealed with the master key.
    public var zoomStartURLSealed: String?
    /// Ascending.
    public var participantIDs: [Int64]

    public init(id: Int64, title: String, providerID: Int64, appID: Int64, eventType: EventType, start: Date,
                durationMinutes: Int, hostID: Int64, description: String?, status: EventStatus,
                reminders: [ReminderOffset], zoomID: String?, zoomJoinURL: String?, zoomStartURLSealed: String?,
                participantIDs: [Int64]) {
        self.id = id
        self.title = title
        self.providerID = providerID
        self.appID = appID
        self.eventType = eventType
        self.start = start
        self.durationMinutes = durationMinutes
        self.hostID = hostID
        self.description = description
        self.status = status
        self.reminders = reminders
        self.zoomID = zoomID
        self.zoomJoinURL = zoomJoinURL
        self.zoomStartURLSealed = zoomStartURLSealed
        self.participantIDs = participantIDs
    }

    public var end: Date {
        start.addingTimeInterval(TimeInterval(durationMinutes * 60))
    }

    public var reminderSchedule: ReminderSchedule {
        ReminderSchedule(start: start, offsets: reminders)
    }
}
