import Foundation

/// One Zoom webhook delivery, parsed (SPEC §5; shapes in shared/reference/zoom-webhooks.md).
///
/// Only what Lectern acts on is kept; any other event parses as ``Action/unknown`` so that
/// it can be recorded and answered without being understood.
public struct ZoomWebhookEvent: Sendable, Equatable {
    /// The `event` field, e.g. `recording.completed`.
    public var name: String
    /// `event_ts`: Zoom's milliseconds since 1970, when present and numeric.
    public var eventTimestamp: Int64?
    public var action: Action

    public enum Action: Sendable, Equatable {
        /// `endpoint.url_validation`: answer with the HMAC of the plain token.
        case validateURL(plainToken: String)
        case meetingStarted(WebhookMeeting)
        case meetingEnded(WebhookMeeting)
        /// `recording.completed` and `recording.transcript_completed`.
        case recordingsCompleted(WebhookRecordings)
        /// `recording.trashed` and `recording.deleted`.
        case recordingsRemoved(WebhookRecordings)
        /// Any other event: recorded and answered, nothing else.
        case unknown
    }

    public init(name: String, eventTimestamp: Int64?, action: Action) {
        self.name = name
        self.eventTimestamp = eventTimestamp
        self.action = action
    }

    /// When Zoom says the event happened.
    public var eventDate: Date? {
        eventTimestamp.map { Date(timeIntervalSince1970: TimeInterval($0) / 1000) }
    }

    /// The business key of the event (event name and meeting), the same for every delivery of
    /// it whatever its body's other bytes; `nil` for events that concern no meeting.
    public var dedupeKey: String? {
        switch action {
        case .validateURL, .unknown:
            return nil
        case .meetingStarted(let meeting), .meetingEnded(let meeting):
            return "\(name):\(meeting.key)"
        case .recordingsCompleted(let recordings), .recordingsRemoved(let recordings):
            return "\(name):\(recordings.meeting.key)"
        }
    }
}

/// The meeting an event is about (`payload.object`).
public struct WebhookMeeting: Sendable, Equatable {
    /// The numeric meeting id, as text (Zoom sends it as a string or a number).
    public var id: String?
    /// The meeting instance's UUID; may begin with `/` or contain `//`.
    public var uuid: String?
    public var topic: String?
    public var hostID: String?
    public var hostEmail: String?
    /// The meeting's IANA time zone, as Zoom gives it.
    public var timezone: String?
    public var startTime: Date?
    /// Only on `meeting.ended`.
    public var endTime: Date?

    public init(id: String?, uuid: String?, topic: String? = nil, hostID: String? = nil, hostEmail: String? = nil,
                timezone: String? = nil, startTime: Date? = nil, endTime: Date? = nil) {
        self.id = id
        self.uuid = uuid
        self.topic = topic
        self.hostID = hostID
        self.hostEmail = hostEmail
        self.timezone = timezone
        self.startTime = startTime
        self.endTime = endTime
    }

    /// The UUID when given (it names one instance), else the meeting id.
    public var key: String { uuid ?? id ?? "" }
}

/// A recording event's meeting, files and (for `recording.completed`) the download token.
public struct WebhookRecordings: Sendable, Equatable {
    public var meeting: WebhookMeeting
    /// Top-level `download_token`: a bearer token for the download URLs, valid 24 hours.
    public var downloadToken: String?
    public var files: [WebhookRecordingFile]

    public init(meeting: WebhookMeeting, downloadToken: String?, files: [WebhookRecordingFile]) {
        self.meeting = meeting
        self.downloadToken = downloadToken
        self.files = files
    }

    /// How long Zoom's `download_token` stays valid.
    public static let downloadTokenLifetime: TimeInterval = 24 * 3600
}

/// One entry of `payload.object.recording_files`.
public struct WebhookRecordingFile: Sendable, Equatable {
    /// Zoom's file id, unique across meetings.
    public var id: String
    public var fileType: String
    public var fileExtension: String
    public var recordingType: String?
    public var fileSize: Int64
    public var recordingStart: Date?
    public var recordingEnd: Date?
    public var downloadURL: String?
    /// `completed` once the file can be downloaded.
    public var status: String?

    public init(id: String, fileType: String, fileExtension: String, recordingType: String? = nil, fileSize: Int64 = 0,
                recordingStart: Date? = nil, recordingEnd: Date? = nil, downloadURL: String? = nil,
                status: String? = nil) {
        self.id = id
        self.fileType = fileType
        self.fileExtension = fileExtension
        self.recordingType = recordingType
        self.fileSize = fileSize
        self.recordingStart = recordingStart
        self.recordingEnd = recordingEnd
        self.downloadURL = downloadURL
        self.status = status
    }

    /// Whether Lectern moves this file: a completed file of one of `fileTypes`
    /// (`LECTERN_FILE_TYPES`, compared without regard to case).
    public func isTransferable(fileTypes: [String]) -> Bool {
        guard status?.lowercased() == "completed", let downloadURL, !downloadURL.isEmpty else { return false }
        return isOneOf(fileTypes)
    }

    /// Whether the file's type is one of `fileTypes`, compared without regard to case.
    public func isOneOf(_ fileTypes: [String]) -> Bool {
        let type = fileType.uppercased()
        return fileTypes.contains { $0.uppercased() == type }
    }
}
