import Foundation
import LecternStore

/// A recording file as the API shows it (SPEC §4). Every key is present, `null` when empty;
/// `attempts` and `last_error` only for the lesson's teacher and admins, who can retry.
struct RecordingJSON: JSONWritable {
    var recording: RecordingRepository.Listed
    var showsProblems: Bool

    func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("id", recording.id)
            json.field("lesson_id", recording.lessonID)
            json.field("topic", recording.topic)
            json.field("file_type", recording.fileType)
            json.field("recording_type", recording.recordingType)
            json.field("file_size", recording.fileSize)
            json.field("recording_start", recording.recordingStart)
            json.field("recording_end", recording.recordingEnd)
            json.field("status", recording.status.rawValue)
            json.field("web_view_link", recording.webViewLink)
            json.field("content_url", Self.contentURL(id: recording.id))
            json.field("available_until", recording.availableUntil)
            if showsProblems {
                json.field("attempts", recording.attempts)
                json.field("last_error", recording.lastError)
            }
        }
    }

    /// Where the recording's bytes are streamed from (`GET …/content/`), for anyone who sees it.
    static func contentURL(id: Int64) -> String {
        "/api/schedule/recordings/\(id)/content/"
    }
}
