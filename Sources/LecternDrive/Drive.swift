/// The Google Drive v3 calls the transfer pipeline makes (SPEC §7). The pipeline depends on
/// this, not on ``DriveClient``. Every call sends `supportsAllDrives=true`; transient
/// failures (5xx, 429, rate-limit 403, a dropped connection) are retried inside the call with
/// jittered backoff for up to about a minute before a ``DriveError`` is thrown.
public protocol Drive {
    /// The folder named `name` directly in `parentID`, not trashed, if there is one.
    func findFolder(named name: String, in parentID: String) throws -> DriveFile?
    /// Creates a folder named `name` in `parentID` (no look-up first: callers serialise).
    func createFolder(named name: String, in parentID: String) throws -> DriveFile
    /// The file in `folderID`, not trashed, whose `appProperties.zoom_file_id` is `zoomFileID`.
    func findFile(zoomFileID: String, in folderID: String) throws -> DriveFile?
    /// The file anywhere in the shared drive `driveID` (`corpora=drive&driveId=…`), not
    /// trashed, whose `appProperties.zoom_file_id` is `zoomFileID`: the oldest, should there be several.
    func findFile(zoomFileID: String, inSharedDrive driveID: String) throws -> DriveFile?
    /// Opens a resumable upload session for `contentLength` bytes; returns the session URI.
    func startUpload(_ metadata: DriveUploadMetadata, contentLength: Int64) throws -> String
    /// Sends `bytes` as the range starting at `offset` of a `total`-byte upload. The answer is
    /// what the server holds, which may be less than was sent: resume from it.
    func uploadChunk(session: String, bytes: [UInt8], offset: Int64, total: Int64) throws -> DriveUploadProgress
    /// Asks the server how much of the upload it holds (`Content-Range: bytes */total`).
    func uploadStatus(session: String, total: Int64) throws -> DriveUploadProgress
    /// `GET files/{id}` with `id,name,size,md5Checksum,webViewLink,parents,appProperties,trashed,driveId`.
    func file(id: String) throws -> DriveFile
    /// Moves the file to Drive's trash (`PATCH {"trashed": true}`).
    func trash(fileID: String) throws
}
