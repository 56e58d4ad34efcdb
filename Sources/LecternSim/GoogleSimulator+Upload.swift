import Foundation
import LecternCrypto

/// Drive's resumable upload (SPEC §7): a session opened by `POST`, then `PUT` chunks with
/// `Content-Range`, answered `308` with the `Range` held until the last byte makes the file.
/// Bytes are counted and MD5-hashed as they arrive, never stored.
extension GoogleSimulator {
    /// Chunks other than the last must be multiples of 256 KiB.
    static let chunkGranularity: Int64 = 262_144

    /// `Content-Range: bytes a-b/total`, or `bytes */total` for a status query (`first` and `last` nil).
    struct ContentRange: Equatable {
        var first: Int64?
        var last: Int64?
        var total: Int64
    }

    /// Answers `/upload/drive/v3/files`.
    func handleUpload(_ request: SimRequest, now: Date, base: String, dropAfterBytes: Int64?) -> SimResponse {
        guard request.query["uploadType"] == "resumable" else {
            return .googleError(400, reason: "badRequest", "Only uploadType=resumable is emulated.")
        }
        switch request.method {
        case "POST":
            if let refused = authenticate(request, now: now) { return refused }
            return startUpload(request, base: base)
        case "PUT":
            return putChunk(request, dropAfterBytes: dropAfterBytes)
        default:
            return .googleError(405, reason: "badRequest", "Use POST to start an upload and PUT to send it.")
        }
    }

    private func startUpload(_ request: SimRequest, base: String) -> SimResponse {
        var metadata = SimDriveMetadata()
        if !request.body.isEmpty {
            guard let decoded = try? request.decodeGoogle(SimDriveMetadata.self) else {
                return .googleError(400, reason: "parseError", "The request body is not JSON file metadata.")
            }
            metadata = decoded
        }
        if let refused = refusal(parents: metadata.parents ?? [], request, folder: false) { return refused }
        var total: Int64?
        if let declared = request.headers["x-upload-content-length"] {
            guard let value = Int64(declared), value >= 0 else {
                return .googleError(400, reason: "badRequest", "Invalid X-Upload-Content-Length: \(declared).")
            }
            total = value
        }
        let mimeType = metadata.mimeType ?? request.headers["x-upload-content-type"] ?? "application/octet-stream"
        let id = SecureRandom.token()
        sessions[id] = SimUploadSession(metadata: metadata, mimeType: mimeType, total: total)
        return SimResponse(status: 200, headers: [
            ("Location", "\(base)/upload/drive/v3/files?uploadType=resumable&upload_id=\(id)"),
        ])
    }

    private func putChunk(_ request: SimRequest, dropAfterBytes: Int64?) -> SimResponse {
        guard let id = request.query["upload_id"], let session = sessions[id] else {
            return .googleError(404, reason: "notFound", "Upload session not found or expired.")
        }
        if let fileID = session.fileID, let file = state.files.first(where: { $0.id == fileID }) {
            return .googleJSON(200, file.resource)
        }
        guard let range = Self.contentRange(request.headers["content-range"], bodyCount: request.body.count) else {
            return .googleError(400, reason: "badRequest", "Content-Range must be bytes a-b/total or bytes */total.")
        }
        if let declared = session.total, declared != range.total {
            return .googleError(400, reason: "badRequest",
                                "Content-Range total \(range.total) differs from the declared \(declared) bytes.")
        }
        session.total = range.total
        guard let first = range.first, let last = range.last else {
            guard request.body.isEmpty else {
                return .googleError(400, reason: "badRequest", "A bytes */total status query has no body.")
            }
            return progress(session)
        }
        if let refused = Self.chunkRefusal(first: first, last: last, total: range.total, bodyCount: request.body.count,
                                           received: session.received) {
            return .googleError(400, reason: "badRequest", refused)
        }
        var taken = request.body.count
        if let limit = dropAfterBytes, limit < taken {
            taken = Int(limit / Self.chunkGranularity * Self.chunkGranularity)
        }
        session.append(request.body[0..<taken])
        let answer = progress(session)
        guard dropAfterBytes == nil else {
            var dropped = SimResponse(status: 0)
            dropped.drop = true
            return dropped
        }
        return answer
    }

    /// A chunk whose connection closed before its body was complete: like Google, the server
    /// keeps the whole 256 KiB units that arrived, if the chunk started where it should.
    func takeInterruptedChunk(_ request: SimRequest) {
        guard request.method == "PUT", request.rawSegments == ["upload", "drive", "v3", "files"],
              let id = request.query["upload_id"], let session = sessions[id], session.fileID == nil,
              let range = Self.contentRange(request.headers["content-range"], bodyCount: request.body.count),
              let first = range.first, let last = range.last, first == session.received,
              session.total == nil || session.total == range.total, last < range.total else { return }
        session.total = range.total
        let arrived = min(Int64(request.body.count), last - first + 1)
        let units = Int(arrived / Self.chunkGranularity * Self.chunkGranularity)
        if units > 0 { session.append(request.body[0..<units]) }
    }

    /// Why a chunk `first...last` of `total` is refused, or `nil`.
    static func chunkRefusal(first: Int64, last: Int64, total: Int64, bodyCount: Int, received: Int64) -> String? {
        guard last < total else { return "The range ends at \(last), past the \(total) bytes of the upload." }
        guard Int64(bodyCount) == last - first + 1 else {
            return "The body has \(bodyCount) bytes; Content-Range announces \(last - first + 1)."
        }
        // Google wants the byte after the `Range` it answered, neither a gap nor bytes it holds already.
        guard first == received else {
            return "The chunk starts at \(first) but the server has committed \(received) bytes."
        }
        guard (last - first + 1) % chunkGranularity == 0 || last == total - 1 else {
            return "Chunks must be multiples of \(chunkGranularity) bytes, except the last."
        }
        return nil
    }

    /// `308` with the `Range` held (none when nothing is), or `200` and the file once all of it is.
    func progress(_ session: SimUploadSession) -> SimResponse {
        if let total = session.total, session.received == total {
            let file = SimDriveFile(
                id: Self.randomID(), name: session.metadata.name ?? "Untitled", mimeType: session.mimeType,
                parents: session.metadata.parents ?? [], appProperties: session.metadata.appProperties ?? [:],
                trashed: false, size: session.received, md5Checksum: session.finishChecksum())
            state.files.append(file)
            session.fileID = file.id
            return .googleJSON(200, file.resource)
        }
        var response = SimResponse(status: 308)
        if session.received > 0 { response.headers.append(("Range", "bytes=0-\(session.received - 1)")) }
        return response
    }

    /// Parses `Content-Range`; without one, a non-empty body is the whole upload in one request.
    static func contentRange(_ header: String?, bodyCount: Int) -> ContentRange? {
        guard let header else {
            return bodyCount > 0 ? ContentRange(first: 0, last: Int64(bodyCount) - 1, total: Int64(bodyCount)) : nil
        }
        let value = header.trimmingCharacters(in: .whitespaces)
        guard value.hasPrefix("bytes ") else { return nil }
        let parts = value.dropFirst(6).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let total = Int64(parts[1]), total >= 0 else { return nil }
        if parts[0] == "*" { return ContentRange(total: total) }
        let bounds = parts[0].split(separator: "-", omittingEmptySubsequences: false)
        guard bounds.count == 2, let first = Int64(bounds[0]), let last = Int64(bounds[1]), first >= 0, last >= first
        else { return nil }
        return ContentRange(first: first, last: last, total: total)
    }
}

/// A chunk taken as it streams in, the way Google's servers take one: its whole 256 KiB units
/// join the upload as they arrive (so a connection that drops keeps them), and the answer is
/// ready as soon as the last byte is in. Only a chunk that starts where the session stands and
/// that no armed fault concerns is taken this way; anything else is collected and answered whole.
final class SimStreamedChunk {
    let session: SimUploadSession
    let expected: Int64
    private(set) var arrived: Int64 = 0
    /// Bytes of an unfinished unit (or of the last chunk's tail).
    private var tail: [UInt8] = []

    init(session: SimUploadSession, expected: Int64) {
        self.session = session
        self.expected = expected
    }

    /// Takes the next bytes of the body; those past the announced length are counted, not kept.
    func take(_ bytes: UnsafeRawBufferPointer) {
        let room = Int(max(0, expected - arrived))
        arrived += Int64(bytes.count)
        var rest = UnsafeRawBufferPointer(rebasing: bytes[0..<min(room, bytes.count)])
        let unit = Int(GoogleSimulator.chunkGranularity)
        if !tail.isEmpty {
            let fill = min(unit - tail.count, rest.count)
            tail.append(contentsOf: UnsafeRawBufferPointer(rebasing: rest[0..<fill]))
            rest = UnsafeRawBufferPointer(rebasing: rest[fill...])
            if tail.count == unit {
                tail.withUnsafeBytes { session.append($0) }
                tail.removeAll(keepingCapacity: true)
            }
        }
        let whole = rest.count / unit * unit
        if whole > 0 { session.append(UnsafeRawBufferPointer(rebasing: rest[0..<whole])) }
        tail.append(contentsOf: UnsafeRawBufferPointer(rebasing: rest[whole...]))
    }

    /// The body is complete: the tail joins the upload if the body had the announced length.
    func finish() -> Bool {
        guard arrived == expected else { return false }
        tail.withUnsafeBytes { session.append($0) }
        tail = []
        return true
    }
}

extension GoogleSimulator {
    /// A chunk to take as it streams (see ``SimStreamedChunk``), judged from the request's head
    /// and its `Content-Length`, or `nil` to collect it whole.
    func streamedChunk(_ head: SimRequest, contentLength: Int64) -> SimStreamedChunk? {
        guard head.method == "PUT", head.rawSegments == ["upload", "drive", "v3", "files"], contentLength > 0,
              let id = head.query["upload_id"], let session = sessions[id], session.fileID == nil,
              let range = Self.contentRange(head.headers["content-range"], bodyCount: Int(contentLength)),
              let first = range.first, let last = range.last, session.total == nil || session.total == range.total,
              Self.chunkRefusal(first: first, last: last, total: range.total, bodyCount: Int(contentLength),
                                received: session.received) == nil else { return nil }
        session.total = range.total
        return SimStreamedChunk(session: session, expected: contentLength)
    }

    /// The answer to a streamed chunk whose body ended.
    func finishStreamedChunk(_ chunk: SimStreamedChunk) -> SimResponse {
        guard chunk.finish() else {
            return .googleError(400, reason: "badRequest",
                                "The body has \(chunk.arrived) bytes; Content-Range announces \(chunk.expected).")
        }
        return progress(chunk.session)
    }
}
