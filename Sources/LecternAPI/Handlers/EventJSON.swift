import Foundation
import LecternStore

/// An event as the API shows it (SPEC §4). Every key is present, `null` when empty;
/// `participant_ids` and `zoom_start_url` (a host key) only for its host and admins.
struct EventJSON: Encodable {
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

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(title, forKey: .title)
        try container.encode(providerId, forKey: .providerId)
        try container.encode(eventType, forKey: .eventType)
        try container.encode(startTime, forKey: .startTime)
        try container.encode(endTime, forKey: .endTime)
        try container.encode(duration, forKey: .duration)
        try container.encode(hostId, forKey: .hostId)
        try container.encode(description, forKey: .description)
        try container.encode(status, forKey: .status)
        try container.encode(reminders, forKey: .reminders)
        try container.encode(zoomId, forKey: .zoomId)
        try container.encode(zoomJoinUrl, forKey: .zoomJoinUrl)
        try container.encodeIfPresent(participantIds, forKey: .participantIds)
        if let zoomStartUrl { try container.encode(zoomStartUrl, forKey: .zoomStartUrl) }
    }

    enum CodingKeys: String, CodingKey {
        case id, title, providerId, eventType, startTime, endTime, duration, hostId, description, status, reminders
        case zoomId, zoomJoinUrl, participantIds, zoomStartUrl
    }
}
