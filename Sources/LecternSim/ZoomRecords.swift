import Foundation

/// A Server-to-Server OAuth app the emulated Zoom accepts.
public struct SimZoomApp: Codable, Sendable, Equatable {
    public var accountId: String
    public var clientId: String
    public var clientSecret: String

    public init(accountId: String, clientId: String, clientSecret: String) {
        self.accountId = accountId
        self.clientId = clientId
        self.clientSecret = clientSecret
    }
}

struct SimZoomToken: Codable {
    var value: String
    var accountId: String
    var expiresAt: Date
}

/// A Zoom user as `GET /users` lists it.
struct SimZoomUser: Codable, Equatable {
    var id: String
    var email: String
    var firstName: String
    var lastName: String
    var type: Int
    var status: String
}

/// A meeting or webinar (type 5) with the fields Lectern reads.
struct SimZoomMeeting: Codable, Equatable {
    var id: Int64
    var uuid: String
    var hostId: String
    var hostEmail: String
    var topic: String
    var type: Int
    var status: String
    var startTime: String?
    var duration: Int?
    var timezone: String?
    var password: String?
    var agenda: String?
    var startUrl: String
    var joinUrl: String
    var createdAt: Date
    var settings: Settings

    struct Settings: Codable, Equatable {
        var autoRecording: String?
        var joinBeforeHost: Bool?
        var waitingRoom: Bool?
    }
}

/// What `POST /users/{id}/meetings` accepts.
struct SimMeetingRequest: Decodable {
    var topic: String?
    var type: Int?
    var startTime: String?
    var duration: Int?
    var timezone: String?
    var password: String?
    var agenda: String?
    var settings: SimZoomMeeting.Settings?
}

/// Everything the emulated Zoom remembers; written to `--state DIR` when given.
struct ZoomSnapshot: Codable {
    var apps: [SimZoomApp] = []
    var users: [SimZoomUser] = []
    var meetings: [SimZoomMeeting] = []
    var nextMeetingId: Int64 = 81_000_000_001
}
