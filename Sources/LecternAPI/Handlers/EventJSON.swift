import Foundation
import LecternStore

/// An event as the API shows it (SPEC §4). Every key is present, `null` when empty;
/// `participant_ids` and `zoom_start_url` (a host key) only for its host and admins.
struct EventJSON: JSONWritable {
    var id: Int64
    var title: String
    var providerId: Int64
    var eventType: String
    var startTime: Date
    var endTime: Date
    var duration: Int
    var hostId: Int64
    var description: String?
    var status: String
    var reminders: [String]
    var zoomId: String?
    var zoomJoinUrl: String?
    /// Only for the host and admins.
    var participantIds: [Int64]?
    /// `.some` only when the caller may see it (its value may still be `nil`).
    var zoomStartUrl: String??

    /// The event for a caller; `startURL` is the opened start URL when they may see what the
    /// host sees (`.none` hides it and the participants).
    init(_ event: EventRecord, startURL: String??) {
        id = event.id
        title = event.title
        providerId = event.providerID
        eventType = event.eventType.rawValue
        startTime = event.start
        endTime = event.end
        duration = event.durationMinutes
        hostId = event.hostID
        description = event.description
        status = event.status.rawValue
        reminders = event.reminders.map(\.rawValue)
        zoomId = event.zoomID
        zoomJoinUrl = event.zoomJoinURL
        participantIds = startURL.map { _ in event.participantIDs }
        zoomStartUrl = startURL
    }

    func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("id", id)
            json.field("title", title)
            json.field("provider_id", providerId)
            json.field("event_type", eventType)
            json.field("start_time", startTime)
            json.field("end_time", endTime)
            json.field("duration", duration)
            json.field("host_id", hostId)
            json.field("description", description)
            json.field("status", status)
            json.field("reminders", reminders)
            json.field("zoom_id", zoomId)
            json.field("zoom_join_url", zoomJoinUrl)
            if let participantIds { json.field("participant_ids", participantIds) }
            if let zoomStartUrl { json.field("zoom_start_url", zoomStartUrl) }
        }
    }
}
