import Foundation

/// The `jobs` row that moves one recording file to Drive: one per Zoom file, whatever the
/// number of deliveries that announced it (the dedupe key is unique in `jobs`).
public enum RecordingTransferJob {
    public static let kind = "recording.transfer"

    public static func dedupeKey(zoomFileID: String) -> String {
        "transfer:\(zoomFileID)"
    }

    /// `{"recording_id": N}`, with `"after": "keep"` (say) when the job's creator chose what
    /// happens to Zoom's copy (`zoom2drive --after`, SPEC §9): whichever transfer process runs
    /// the job then applies that, not its own `LECTERN_ZOOM_AFTER_TRANSFER`.
    public static func payload(recordingID: Int64, afterTransfer: AfterTransferAction? = nil) -> String {
        let data = (try? JSONEncoder().encode(Payload(recordingId: recordingID, afterTransfer: afterTransfer))) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// The job's payload, as the transfer handler reads it.
    public struct Payload: Codable, Sendable, Equatable {
        public var recordingId: Int64
        /// `nil`: the transfer process's own setting applies.
        public var afterTransfer: AfterTransferAction?

        enum CodingKeys: String, CodingKey {
            case recordingId = "recording_id"
            case afterTransfer = "after"
        }

        public init(recordingId: Int64, afterTransfer: AfterTransferAction? = nil) {
            self.recordingId = recordingId
            self.afterTransfer = afterTransfer
        }
    }
}
