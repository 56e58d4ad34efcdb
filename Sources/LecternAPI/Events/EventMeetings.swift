import Foundation
import LecternCore
import LecternPool
import LecternStore
import LecternZoom
import Logging

/// An event's meeting or webinar in Zoom, made with its provider's app for the provider's
/// Zoom user. Zoom's refusals answer 502 with Zoom's message.
struct EventMeetings {
    let apps: ZoomClientSource
    let logger: Logger

    /// Creates the meeting (type 2) or webinar (type 5) of `event`; `timezone` is its host's.
    func create(_ event: EventRecord, for zoomUser: String, timezone: String) throws -> ZoomMeeting {
        let request = MeetingRequest(topic: String(event.title.prefix(200)), startTime: event.start,
                                     duration: event.durationMinutes, timezone: timezone,
                                     password: MeetingPassword.generate(),
                                     agenda: event.description.map { String($0.prefix(2000)) }, record: false)
        let client = try apps.client(appID: event.appID)
        switch event.eventType {
        case .meeting: return try client.createMeeting(userID: zoomUser, request)
        case .webinar: return try client.createWebinar(userID: zoomUser, request)
        }
    }

    /// Tells Zoom what changed between `current` and `planned` (topic, start, duration,
    /// agenda); nothing is sent when none of these did.
    func update(from current: EventRecord, to planned: EventRecord, timezone: String) throws {
        guard let zoomID = planned.zoomID else { return }
        var update = MeetingUpdate()
        if planned.title != current.title { update.topic = String(planned.title.prefix(200)) }
        if planned.start != current.start {
            update.startTime = planned.start
            update.timezone = timezone
        }
        if planned.durationMinutes != current.durationMinutes { update.duration = planned.durationMinutes }
        if planned.description != current.description {
            update.agenda = String((planned.description ?? "").prefix(2000))
        }
        guard update != MeetingUpdate() else { return }
        try apps.client(appID: planned.appID).updateMeeting(id: zoomID, kind: planned.eventType.zoomKind, update)
    }

    /// Deletes a meeting that is no longer wanted (a cancelled event's, or one made for a
    /// change that could not be stored). Best effort: when Zoom will not delete it now it is
    /// recorded for the stuck-host duty, since the event is called off in Lectern (or was
    /// never stored) either way.
    func discard(zoomID: String, of event: EventRecord, db: Connection, reason: String) {
        MeetingDiscard(db: db, apps: apps, logger: logger).discard(appID: event.appID, meetingID: zoomID,
                                                                  kind: event.eventType.zoomKind, reason: reason)
    }
}

extension EventType {
    /// Where Zoom keeps events of this type.
    var zoomKind: ZoomMeetingKind {
        switch self {
        case .meeting: return .meeting
        case .webinar: return .webinar
        }
    }
}
