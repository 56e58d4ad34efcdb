/// The next step of a recording's transfer, decided from what survived earlier attempts
/// (SPEC §8): the row's status, the checksum of a completed download, the spool file and
/// an open upload session. A restarted or second transfer process continues from there
/// instead of starting again.
public enum TransferStep: Sendable, Equatable {
    /// Nothing to do: the copy is on Drive (or expired).
    case finished
    /// Zoom no longer has the file and no copy was made: the job is cancelled.
    case abandoned
    /// Download (or go on downloading) into the spool file; bytes `0..<offset` are already there.
    case download(resumeFrom: Int64)
    /// The spool file is complete and its MD5 known: upload it, resuming the stored session if any.
    case upload(resumingSession: Bool)

    /// What survived earlier attempts.
    public struct State: Sendable, Equatable {
        public var status: RecordingStatus
        /// Zoom's `file_size`; 0 when Zoom did not say.
        public var fileSize: Int64
        /// Bytes in this host's spool file, `nil` when there is none.
        public var spoolBytes: Int64?
        /// MD5 of the complete download, stored once it finished.
        public var downloadedMD5: String?
        public var hasUploadSession: Bool

        public init(status: RecordingStatus, fileSize: Int64, spoolBytes: Int64?, downloadedMD5: String?,
                    hasUploadSession: Bool) {
            self.status = status
            self.fileSize = fileSize
            self.spoolBytes = spoolBytes
            self.downloadedMD5 = downloadedMD5
            self.hasUploadSession = hasUploadSession
        }
    }

    public static func next(_ state: State) -> TransferStep {
        switch state.status {
        case .ready, .expired:
            return .finished
        case .deletedInZoom:
            return .abandoned
        case .pending, .downloading, .uploading, .failed:
            break
        }
        let spooled = state.spoolBytes ?? 0
        if state.downloadedMD5 != nil, state.spoolBytes != nil, spooled == state.fileSize || state.fileSize == 0 {
            return .upload(resumingSession: state.hasUploadSession)
        }
        // A spool file longer than the file (or of unknown length) cannot be trusted.
        guard state.fileSize > 0, spooled <= state.fileSize else { return .download(resumeFrom: 0) }
        return .download(resumeFrom: spooled)
    }
}
