import Foundation
import LecternStore

/// A recording file as the API shows it (SPEC §4). Every key is present, `null` when empty;
/// `attempts` and `last_error` only for the lesson's teacher and admins, who can retry.
struct RecordingJSON: Encodable {
    var recording: RecordingRepository.Listed
    var showsProblems: Bool

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(recording.id, forKey: .id)
        try container.encode(recording.lessonID, forKey: .lessonId)
        try container.encode(recording.topic, forKey: .topic)
        try container.encode(recording.fileType, forKey: .fileType)
        try container.encode(recording.recordingType, forKey: .recordingType)
        try container.encode(recording.fileSize, forKey: .fileSize)
        try container.encode(recording.recordingStart, forKey: .recordingStart)
        try container.encode(recording.recordingEnd, forKey: .recordingEnd)
        try container.encode(recording.status.rawValue, forKey: .status)
        try container.encode(recording.webViewLink, forKey: .webViewLink)
        try container.encode(Self.contentURL(id: recording.id), forKey: .contentUrl)
        try container.encode(recording.availableUntil, forKey: .availableUntil)
        if showsProblems {
            try container.encode(recording.attempts, forKey: .attempts)
            try container.encode(recording.lastError, forKey: .lastError)
        }
    }

    /// Where the recording's bytes are streamed from (`GET …/content/`), for anyone who sees it.
    static func contentURL(id: Int64) -> String {
        "/api/schedule/recordings/\(id)/content/"
    }

    enum CodingKeys: String, CodingKey {
        case id, lessonId, topic, fileType, recordingType, fileSize, recordingStart, recordingEnd, status, webViewLink
        case contentUrl, availableUntil, attempts, lastError
    }
}
