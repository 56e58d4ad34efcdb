import Foundation

/// The `jobs` row that moves one recording file to Drive: one per Zoom file, whatever the
/// number of deliveries that announced it (the dedupe key is unique in `jobs`).
public enum RecordingTransferJob {
    public static let kind = "recording.transfer"

    public static func dedupeKey(zoomFileID: String) -> String {
        "transfer:\(zoomFileID)"
    }

    /// `{"recording_id": N}`.
    public static func payload(recordingID: Int64) -> String {
        let data = (try? JSONEncoder().encode(Payload(recordingId: recordingID))) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// The job's payload, as the transfer handler reads it.
    public struct Payload: Codable, Sendable, Equatable {
        public var recordingId: Int64

        enum CodingKeys: String, CodingKey {
            case recordingId = "recording_id"
        }

        public init(recordingId: Int64) {
            self.recordingId = recordingId
        }
    }
}
