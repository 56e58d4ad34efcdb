import Foundation
import LecternCrypto

/// A cloud recording file the emulated Zoom made for a meeting recorded to the cloud
/// (`settings.auto_recording` `cloud`). Ids are derived from the meeting's UUID, so ending
/// the same meeting twice announces the same files, as Zoom's repeated deliveries do.
struct SimRecordingFile: Codable, Equatable {
    /// Where the file is in Zoom's cloud: listed and downloadable, in the trash, or gone.
    enum State: String, Codable {
        case available
        case trashed
        case deleted
    }

    /// How Zoom names, labels and sizes one `file_type`.
    struct Kind {
        var fileExtension: String
        var recordingType: String
        var contentType: String
        /// Bytes for a meeting of this many minutes.
        var size: (Int64) -> Int64
    }

    var id: String
    var fileType: String
    var fileExtension: String
    var recordingType: String
    var fileSize: Int64
    var state: State = .available

    /// The `file_type`s the emulator can make.
    static let kinds: [String: Kind] = [
        "MP4": Kind(fileExtension: "MP4", recordingType: "shared_screen_with_speaker_view", contentType: "video/mp4",
                    size: { $0 * 1_048_576 }),
        "M4A": Kind(fileExtension: "M4A", recordingType: "audio_only", contentType: "audio/mp4", size: { $0 * 65_536 }),
        "CHAT": Kind(fileExtension: "TXT", recordingType: "chat_file", contentType: "text/plain", size: { _ in 2_048 }),
        "TRANSCRIPT": Kind(fileExtension: "VTT", recordingType: "audio_transcript", contentType: "text/vtt",
                           size: { $0 * 1_024 }),
        "CC": Kind(fileExtension: "VTT", recordingType: "closed_caption", contentType: "text/vtt", size: { $0 * 1_024 }),
        "TIMELINE": Kind(fileExtension: "JSON", recordingType: "timeline", contentType: "application/json",
                         size: { _ in 4_096 }),
    ]

    /// What a meeting recorded to the cloud gets unless told otherwise: video, audio and chat.
    static let defaultTypes = ["MP4", "M4A", "CHAT"]

    /// The files of `meeting`, sized by its planned duration; `mp4Size` overrides the video's size.
    /// Every entry of `types` must be one of ``kinds``.
    static func files(for meeting: SimZoomMeeting, types: [String] = defaultTypes,
                      mp4Size: Int64? = nil) -> [SimRecordingFile] {
        let minutes = Int64(max(1, meeting.duration ?? 60))
        return types.compactMap { type in
            guard let kind = kinds[type] else { return nil }
            let size = type == "MP4" ? (mp4Size ?? kind.size(minutes)) : kind.size(minutes)
            return SimRecordingFile(id: fileID(meeting, type), fileType: type, fileExtension: kind.fileExtension,
                                    recordingType: kind.recordingType, fileSize: size)
        }
    }

    /// A UUID-shaped id from the meeting's UUID and the file type.
    static func fileID(_ meeting: SimZoomMeeting, _ fileType: String) -> String {
        let hex = Array(Digest.sha256Hex("\(meeting.uuid)|\(fileType)").prefix(32))
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(hex[$0]) }.joined(separator: "-")
    }

    /// The `Content-Type` Zoom's CDN serves the file with.
    var contentType: String {
        Self.kinds[fileType]?.contentType ?? "application/octet-stream"
    }

    /// The file's bytes (see ``SimFileContent``).
    var content: SimFileContent {
        SimFileContent(fileID: id)
    }
}
