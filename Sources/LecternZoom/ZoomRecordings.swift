import Foundation

/// One cloud recording file as the recordings endpoints list it.
public struct ZoomRecordingFile: Decodable, Sendable, Equatable {
    public var id: String
    public var fileType: String?
    public var fileExtension: String?
    public var fileSize: Int64?
    public var downloadUrl: String?
    /// `completed` once the file can be downloaded.
    public var status: String?
    public var recordingType: String?
    public var recordingStart: String?
    public var recordingEnd: String?

    public init(id: String, fileType: String? = nil, fileExtension: String? = nil, fileSize: Int64? = nil,
                downloadUrl: String? = nil, status: String? = nil, recordingType: String? = nil,
                recordingStart: String? = nil, recordingEnd: String? = nil) {
        self.id = id
        self.fileType = fileType
        self.fileExtension = fileExtension
        self.fileSize = fileSize
        self.downloadUrl = downloadUrl
        self.status = status
        self.recordingType = recordingType
        self.recordingStart = recordingStart
        self.recordingEnd = recordingEnd
    }
}

/// A recorded meeting: `GET /meetings/{uuid}/recordings`, or an entry of a user's recordings.
public struct ZoomMeetingRecordings: Decodable, Sendable, Equatable {
    public var uuid: String
    public var id: Int64?
    public var hostId: String?
    public var hostEmail: String?
    public var topic: String?
    public var startTime: String?
    public var timezone: String?
    public var duration: Int?
    public var totalSize: Int64?
    /// A token for the files' download URLs (asked for with `include_fields=download_access_token`).
    public var downloadAccessToken: String?
    public var recordingFiles: [ZoomRecordingFile]?

    public init(uuid: String, id: Int64? = nil, hostId: String? = nil, hostEmail: String? = nil, topic: String? = nil,
                startTime: String? = nil, timezone: String? = nil, duration: Int? = nil, totalSize: Int64? = nil,
                downloadAccessToken: String? = nil, recordingFiles: [ZoomRecordingFile]? = nil) {
        self.uuid = uuid
        self.id = id
        self.hostId = hostId
        self.hostEmail = hostEmail
        self.topic = topic
        self.startTime = startTime
        self.timezone = timezone
        self.duration = duration
        self.totalSize = totalSize
        self.downloadAccessToken = downloadAccessToken
        self.recordingFiles = recordingFiles
    }
}

extension ZoomMeetingRecordings {
    /// The file as the API lists it, if it is completed and has a download URL: what a
    /// webhook announced only counts once this confirms it (SPEC §5).
    public func confirmedFile(id fileID: String) -> ZoomRecordingFile? {
        recordingFiles?.first { file in
            file.id == fileID && (file.status ?? "completed").lowercased() == "completed" && file.downloadUrl != nil
        }
    }
}

/// One page of `GET /users/{id}/recordings`.
public struct ZoomRecordingsPage: Decodable, Sendable {
    public var meetings: [ZoomMeetingRecordings]
    /// Empty or absent on the last page; expires after 15 minutes.
    public var nextPageToken: String?
    public var totalRecords: Int?
}

/// What `DELETE /meetings/{uuid}/recordings/{fileId}` does with the file.
public enum ZoomRecordingDeletion: String, Sendable {
    /// Into Zoom's trash, recoverable for 30 days.
    case trash
    case delete
}
