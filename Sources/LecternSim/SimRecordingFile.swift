import Foundation
import LecternCrypto

/// A cloud recording file the emulated Zoom made for a meeting recorded to the cloud
/// (`settings.auto_recording` `cloud`). Ids are derived from the meeting's UUID, so ending
/// the same meeting twice announces the same files, as Zoom's repeated deliveries do.
struct SimRecordingFile: Equatable {
    var id: String
    var fileType: String
    var fileExtension: String
    var recordingType: String
    var fileSize: Int64

    /// Video, audio and chat, sized by the meeting's planned duration.
    static func files(for meeting: SimZoomMeeting) -> [SimRecordingFile] {
        let minutes = Int64(max(1, meeting.duration ?? 60))
        return [
            SimRecordingFile(id: fileID(meeting, "MP4"), fileType: "MP4", fileExtension: "MP4",
                             recordingType: "shared_screen_with_speaker_view", fileSize: minutes * 1_048_576),
            SimRecordingFile(id: fileID(meeting, "M4A"), fileType: "M4A", fileExtension: "M4A",
                             recordingType: "audio_only", fileSize: minutes * 65_536),
            SimRecordingFile(id: fileID(meeting, "CHAT"), fileType: "CHAT", fileExtension: "TXT",
                             recordingType: "chat_file", fileSize: 2_048),
        ]
    }

    /// A UUID-shaped id from the meeting's UUID and the file type.
    static func fileID(_ meeting: SimZoomMeeting, _ fileType: String) -> String {
        let hex = Array(Digest.sha256Hex("\(meeting.uuid)|\(fileType)").prefix(32))
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(hex[$0]) }.joined(separator: "-")
    }
}
