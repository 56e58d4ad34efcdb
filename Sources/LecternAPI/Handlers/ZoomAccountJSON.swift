import Foundation
import LecternStore

/// A pool host as `/api/schedule/zoom-accounts/` shows it.
struct ZoomAccountJSON: JSONWritable {
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
    func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("id", id)
            json.field("app_id", appId)
            json.field("email", email)
            json.field("zoom_user_id", zoomUserId)
            json.field("max_concurrent_meetings", maxConcurrentMeetings)
            json.field("is_active", isActive)
            json.field("current_meetings", currentMeetings)
            json.field("active_lesson_ids", activeLessonIds)
            json.field("last_used_at", lastUsedAt)
        }
    }
}
