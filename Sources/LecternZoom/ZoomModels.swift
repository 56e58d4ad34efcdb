import Foundation

/// What to create: a scheduled meeting (type 2) or a webinar (type 5).
public struct MeetingRequest: Encodable, Sendable {
    public var topic: String
    public var type: Int
    public var startTime: Date
    /// Minutes.
    public var duration: Int
    public var timezone: String
    public var password: String
    public var agenda: String?
    public var settings: Settings

    public struct Settings: Encodable, Sendable {
        /// `cloud` when the lesson is recorded, else `none`.
        public var autoRecording: String
        public var joinBeforeHost: Bool
        public var waitingRoom: Bool

        public init(autoRecording: String, joinBeforeHost: Bool = false, waitingRoom: Bool = false) {
            self.autoRecording = autoRecording
            self.joinBeforeHost = joinBeforeHost
            self.waitingRoom = waitingRoom
        }
    }

    public init(topic: String, type: Int = 2, startTime: Date, duration: Int, timezone: String, password: String,
                agenda: String? = nil, record: Bool, joinBeforeHost: Bool = false, waitingRoom: Bool = false) {
        self.topic = topic
        self.type = type
        self.startTime = startTime
        self.duration = duration
        self.timezone = timezone
        self.password = password
        self.agenda = agenda
        self.settings = Settings(autoRecording: record ? "cloud" : "none", joinBeforeHost: joinBeforeHost,
                                 waitingRoom: waitingRoom)
    }
}

/// A change to a meeting or webinar; fields left `nil` stay as they are.
public struct MeetingUpdate: Encodable, Sendable, Equatable {
    public var topic: String?
    public var startTime: Date?
    /// Minutes.
    public var duration: Int?
    public var timezone: String?
    public var agenda: String?

    public init(topic: String? = nil, startTime: Date? = nil, duration: Int? = nil, timezone: String? = nil,
                agenda: String? = nil) {
        self.topic = topic
        self.startTime = startTime
        self.duration = duration
        self.timezone = timezone
        self.agenda = agenda
    }
}

/// Which of Zoom's collections an id belongs to: meetings and webinars have their own paths.
public enum ZoomMeetingKind: String, Sendable {
    case meeting, webinar

    /// The path segment of the collection: `meetings` or `webinars`.
    public var collection: String { rawValue + "s" }
}

/// A created meeting or webinar.
public struct ZoomMeeting: Decodable, Sendable, Equatable {
    public var id: Int64
    public var uuid: String?
    public var startUrl: String
    public var joinUrl: String
    public var password: String?
    public var hostEmail: String?

    public init(id: Int64, uuid: String?, startUrl: String, joinUrl: String, password: String?, hostEmail: String?) {
        self.id = id
        self.uuid = uuid
        self.startUrl = startUrl
        self.joinUrl = joinUrl
        self.password = password
        self.hostEmail = hostEmail
    }
}

/// `GET /meetings/{id}`: what Lectern needs of a meeting's state.
public struct ZoomMeetingDetails: Decodable, Sendable, Equatable {
    public var id: Int64
    public var uuid: String?
    /// `waiting`, `started` or `finished`.
    public var status: String
    public var topic: String?

    public init(id: Int64, uuid: String?, status: String, topic: String?) {
        self.id = id
        self.uuid = uuid
        self.status = status
        self.topic = topic
    }

    public var isStarted: Bool { status == "started" }
}

/// Users' `status` filter.
public enum ZoomUserStatus: String, Sendable {
    case active, inactive, pending
}

public struct ZoomUser: Decodable, Sendable, Equatable {
    public var id: String
    public var email: String
    public var status: String?
}

public struct ZoomUsersPage: Decodable, Sendable {
    public var users: [ZoomUser]
    /// Empty or absent on the last page.
    public var nextPageToken: String?
}

/// Zoom's error body, `{"code": 1001, "message": "User does not exist: x"}`.
struct ZoomErrorBody: Decodable {
    var code: Int?
    var message: String?
    // The OAuth endpoint answers `{"reason": …, "error": …}` instead.
    var reason: String?
    var error: String?
}

/// The OAuth endpoint's answer.
struct ZoomTokenBody: Decodable {
    var accessToken: String
    var expiresIn: Int
}
