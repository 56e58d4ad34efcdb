import Foundation

extension SimApp {
    /// One row of `GET /_sim/recordings`.
    private struct FileRow: Encodable {
        var id: String
        var meetingUuid: String
        var meetingId: Int64
        var hostEmail: String
        var fileType: String
        var fileSize: Int64
        var state: SimRecordingFile.State
        var md5: String
    }

    private struct FileRows: Encodable {
        var files: [FileRow]
    }

    /// `GET /_sim/recordings`: every recording file the emulated Zoom has, in any state, with
    /// the MD5 of its content, or `nil` for any other request. Checksums are computed outside
    /// the state lock, since a large file takes seconds.
    func recordingControl(_ request: SimRequest) -> SimResponse? {
        guard request.method == "GET", request.rawSegments == ["_sim", "recordings"] else { return nil }
        let recordings = lock.withLock { zoom.state.recordings }
        let rows = recordings.flatMap { recording in
            recording.files.map { file in
                FileRow(id: file.id, meetingUuid: recording.meetingUuid, meetingId: recording.meetingId,
                        hostEmail: recording.hostEmail, fileType: file.fileType, fileSize: file.fileSize,
                        state: file.state, md5: checksums.md5(of: file))
            }
        }
        return .json(200, FileRows(files: rows))
    }
}
