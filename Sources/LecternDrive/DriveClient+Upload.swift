import Foundation
import LecternHTTPClient

extension DriveClient {
    /// Seconds one chunk's `PUT` may take, connection included: 8 MiB over a slow uplink.
    static let chunkTimeout: TimeInterval = 600

    public func startUpload(_ metadata: DriveUploadMetadata, contentLength: Int64) throws -> String {
        guard contentLength >= 0 else { throw DriveUsageError("an upload's length cannot be negative") }
        let url = apiBase + "/upload/drive/v3/files?" + QueryString.encode([
            ("uploadType", "resumable"), ("supportsAllDrives", "true"), ("fields", Self.uploadFields),
        ])
        let body = DriveMetadataBody(name: metadata.name, mimeType: metadata.mimeType, parents: [metadata.parentID],
                                     appProperties: ["zoom_file_id": metadata.zoomFileID])
        // Repeating this is harmless: a session that is never used creates nothing.
        let response = try call("POST", url, headers: [("X-Upload-Content-Type", metadata.mimeType),
                                                       ("X-Upload-Content-Length", String(contentLength))],
                                json: body)
        guard let session = response.header("Location"), session.hasPrefix("https://") || session.hasPrefix("http://") else {
            throw DriveError.badResponse("the resumable upload answer has no session URI in Location")
        }
        return session
    }

    public func uploadChunk(session: String, bytes: [UInt8], offset: Int64, total: Int64) throws -> DriveUploadProgress {
        try Self.checkChunk(count: bytes.count, offset: offset, total: total)
        let deadline = clock().addingTimeInterval(budget)
        let response: HTTPClientResponse
        do {
            response = try call("PUT", session, headers: [("Content-Range", UploadRange.contentRange(offset: offset, count: bytes.count, total: total))],
                                body: bytes, retry: .never, session: true, totalTimeout: Self.chunkTimeout, deadline: deadline)
        } catch DriveError.unavailable(let why) {
            // Whatever went wrong (an error status, a timeout, a dropped connection), the server
            // may have kept part of the chunk: ask before sending another byte (SPEC §7).
            try wait(afterAttempt: 1, retryAfter: nil, deadline: deadline, failure: why)
            return try uploadStatus(session: session, total: total, deadline: deadline)
        }
        return try progress(response, total: total)
    }

    public func uploadStatus(session: String, total: Int64) throws -> DriveUploadProgress {
        try uploadStatus(session: session, total: total, deadline: clock().addingTimeInterval(budget))
    }

    func uploadStatus(session: String, total: Int64, deadline: Date) throws -> DriveUploadProgress {
        let response = try call("PUT", session, headers: [("Content-Range", UploadRange.statusQuery(total: total))],
                                session: true, deadline: deadline)
        return try progress(response, total: total)
    }

    /// A session's answer: `308` with what the server holds, or the finished file.
    func progress(_ response: HTTPClientResponse, total: Int64) throws -> DriveUploadProgress {
        guard response.status == 308 else { return .complete(try decode(DriveFile.self, response)) }
        guard let received = UploadRange.received(fromRangeHeader: response.header("Range")), received <= total else {
            throw DriveError.badResponse("an upload session's Range header is malformed")
        }
        return .incomplete(received: received)
    }

    /// Drive's rules for a chunk: inside the file, and a multiple of 256 KiB unless it is the last.
    static func checkChunk(count: Int, offset: Int64, total: Int64) throws {
        guard count > 0, offset >= 0, offset + Int64(count) <= total else {
            throw DriveUsageError("a chunk must hold bytes inside the upload: \(count) at \(offset) of \(total)")
        }
        guard offset + Int64(count) == total || count % chunkGranularity == 0 else {
            throw DriveUsageError("a chunk other than the last must be a multiple of 256 KiB, not \(count) bytes")
        }
    }
}
