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

/// What `POST /_sim/recordings` accepts: a finished meeting recorded to the cloud.
struct SimRecordingRequest: Decodable {
    var hostEmail: String
    var topic: String?
    /// ISO 8601, with an offset or local to `timezone`.
    var startTime: String
    /// Minutes.
    var duration: Int?
    var timezone: String?
    /// Among ``SimRecordingFile/kinds``; video, audio and chat when absent.
    var fileTypes: [String]?
    /// Bytes of the `MP4` file.
    var fileSize: Int64?
}

/// Everything the emulated Zoom remembers; written to `--state DIR` when given.
struct ZoomSnapshot: Codable, Equatable {
    var apps: [SimZoomApp] = []
    var users: [SimZoomUser] = []
    var meetings: [SimZoomMeeting] = []
    var nextMeetingId: Int64 = 81_000_000_001
    /// Cloud recordings of ended meetings, with their files' states.
    var recordings: [SimRecording] = []

    init() {}

    /// Tolerates state written before recordings were kept.
    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        apps = try container.decode([SimZoomApp].self, forKey: .apps)
        users = try container.decode([SimZoomUser].self, forKey: .users)
        meetings = try container.decode([SimZoomMeeting].self, forKey: .meetings)
        nextMeetingId = try container.decode(Int64.self, forKey: .nextMeetingId)
        recordings = try container.decodeIfPresent([SimRecording].self, forKey: .recordings) ?? []
    }
}
