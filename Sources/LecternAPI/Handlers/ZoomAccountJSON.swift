import Foundation
import LecternStore

/// A pool host as `/api/schedule/zoom-accounts/` shows it.
struct ZoomAccountJSON: Encodable {
    var id: Int64
    var appId: Int64
    var email: String
    var zoomUserId: String?
    var maxConcurrentMeetings: Int
    var isActive: Bool
    var currentMeetings: Int
    var activeLessonIds: [Int64]
    var lastUsedAt: Date?

    init(_ host: PoolRepository.Host) {
        id = host.id
        appId = host.appID
        email = host.email
        zoomUserId = host.zoomUserID
        maxConcurrentMeetings = host.maxConcurrentMeetings
        isActive = host.isActive
        currentMeetings = host.currentMeetings
        activeLessonIds = host.activeLessonIDs
        lastUsedAt = host.lastUsedAt
    }

    // Optional fields are written as `null`, so every item has the same keys.
    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(appId, forKey: .appId)
        try container.encode(email, forKey: .email)
        try container.encode(zoomUserId, forKey: .zoomUserId)
        try container.encode(maxConcurrentMeetings, forKey: .maxConcurrentMeetings)
        try container.encode(isActive, forKey: .isActive)
        try container.encode(currentMeetings, forKey: .currentMeetings)
        try container.encode(activeLessonIds, forKey: .activeLessonIds)
        try container.encode(lastUsedAt, forKey: .lastUsedAt)
    }

    enum CodingKeys: String, CodingKey {
        case id, appId, email, zoomUserId, maxConcurrentMeetings, isActive, currentMeetings, activeLessonIds, lastUsedAt
    }
}
