/// Where one recording file is in the transfer pipeline (SPEC §8):
/// `pending → downloading → uploading → ready`, or `failed` after the attempt limit,
/// `deleted_in_zoom` when Zoom lost it before the copy was made, `expired` after retention.
public enum RecordingStatus: String, Sendable, CaseIterable {
    case pending, downloading, uploading, ready, failed
    case deletedInZoom = "deleted_in_zoom"
    case expired

    /// The status once Zoom reports the file trashed or deleted: a file not yet copied is
    /// lost (`deleted_in_zoom`); one whose Drive copy was made keeps its status, and only
    /// the deletion's date is noted.
    public var afterDeletionInZoom: RecordingStatus {
        switch self {
        case .pending, .downloading, .uploading, .failed, .deletedInZoom: return .deletedInZoom
        case .ready, .expired: return self
        }
    }

    /// Whether a repeated `recording.completed` may replace the row's download URL and token:
    /// only while the transfer has not started, so that a running one keeps what it uses.
    public var takesFreshDownloadLink: Bool {
        self == .pending
    }

    /// The statuses that ``afterDeletionInZoom`` turns into `deleted_in_zoom`.
    public static var lostWhenDeletedInZoom: [RecordingStatus] {
        allCases.filter { $0 != .deletedInZoom && $0.afterDeletionInZoom == .deletedInZoom }
    }
}
