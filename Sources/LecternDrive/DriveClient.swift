import Foundation
import LecternHTTPClient

/// The ``Drive`` calls over Google's Drive v3 REST API (SPEC §7), for a service account whose
/// tokens come from a ``DriveTokenSource``.
///
/// Every request sends `supportsAllDrives=true`. 5xx, 429, rate-limit 403 and lost
/// connections are retried after `min(2^n + jitter, 64)` seconds (or `Retry-After`) while the
/// call's `budget` lasts; a 401 refreshes the token once. Use one client per thread, like the
/// ``HTTPClient`` under it; the token source may be shared.
public final class DriveClient: Drive {
    /// Google's API host; the client appends `/drive/v3/…` and `/upload/drive/v3/…`.
    public static let defaultAPIBase = "https://www.googleapis.com"
    /// Chunks other than the last must be a multiple of this many bytes.
    public static let chunkGranularity = 256 * 1024
    static let fileFields = "id,name,size,md5Checksum,webViewLink,parents,appProperties,trashed,driveId"
    static let uploadFields = "id,name,size,md5Checksum,webViewLink"
    static let maxAttempts = 10

    let apiBase: String
    let tokens: DriveTokenSource
    let transport: HTTPTransport
    let budget: TimeInterval
    let clock: () -> Date
    let sleep: (TimeInterval) -> Void
    let jitter: () -> Double

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// - Parameters:
    ///   - apiBase: scheme and host (`DRIVE_API_BASE`), without a path; a trailing `/` is ignored.
    ///   - budget: seconds one call may spend waiting and retrying, in total.
    ///   - clock, sleep, jitter: injected so that tests run without waiting; `jitter` is in 0..<1.
    public init(apiBase: String = DriveClient.defaultAPIBase, tokens: DriveTokenSource, transport: HTTPTransport,
                budget: TimeInterval = 60, clock: @escaping () -> Date = Date.init,
                sleep: @escaping (TimeInterval) -> Void = Thread.sleep,
                jitter: @escaping () -> Double = { Double.random(in: 0..<1) }) {
        var base = apiBase
        while base.hasSuffix("/") { base.removeLast() }
        self.apiBase = base
        self.tokens = tokens
        self.transport = transport
        self.budget = budget
        self.clock = clock
        self.sleep = sleep
        self.jitter = jitter
    }

    // MARK: Drive

    public func findFolder(named name: String, in parentID: String) throws -> DriveFile? {
        try list(query: DriveQuery.folder(named: name, in: parentID))
    }

    public func createFolder(named name: String, in parentID: String) throws -> DriveFile {
        let body = DriveMetadataBody(name: name, mimeType: DriveQuery.folderMimeType, parents: [parentID])
        do {
            let response = try call("POST", filesURL(query: [("fields", Self.fileFields)]), json: body,
                                    retry: .unlessItMayHaveActed)
            return try decode(DriveFile.self, response)
        } catch DriveError.unavailable(let why) {
            // The folder may exist even though no answer said so: look before anyone creates a second one.
            if let existing = try? findFolder(named: name, in: parentID) { return existing }
            throw DriveError.unavailable(why)
        }
    }

    public func findFile(zoomFileID: String, in folderID: String) throws -> DriveFile? {
        try list(query: DriveQuery.file(zoomFileID: zoomFileID, in: folderID))
    }

    public func findFile(zoomFileID: String, inSharedDrive driveID: String) throws -> DriveFile? {
        try list(query: DriveQuery.file(zoomFileID: zoomFileID), corpora: [("corpora", "drive"), ("driveId", driveID)])
    }

    public func file(id: String) throws -> DriveFile {
        try decode(DriveFile.self, try call("GET", fileURL(id: id, query: [("fields", Self.fileFields)])))
    }

    public func trash(fileID: String) throws {
        _ = try call("PATCH", fileURL(id: fileID, query: [("fields", "id")]), json: ["trashed": true])
    }

    // MARK: URLs

    /// `{base}/drive/v3/files?supportsAllDrives=true&…`.
    func filesURL(query: [(name: String, value: String)]) -> String {
        apiBase + "/drive/v3/files?" + QueryString.encode([("supportsAllDrives", "true")] + query)
    }

    /// `{base}/drive/v3/files/{id}?supportsAllDrives=true&…`.
    func fileURL(id: String, query: [(name: String, value: String)]) -> String {
        apiBase + "/drive/v3/files/" + QueryString.escape(id) + "?" + QueryString.encode([("supportsAllDrives", "true")] + query)
    }

    /// The oldest match, so that every process settles on the same one should duplicates exist.
    private func list(query: String, corpora: [(name: String, value: String)] = []) throws -> DriveFile? {
        let url = filesURL(query: [("includeItemsFromAllDrives", "true")] + corpora + [
            ("q", query), ("orderBy", "createdTime"), ("fields", "files(\(Self.fileFields))"),
        ])
        return try decode(DriveFileList.self, try call("GET", url)).files?.first
    }

    func decode<T: Decodable>(_ type: T.Type, _ response: HTTPClientResponse) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(response.body))
        } catch {
            throw DriveError.badResponse("cannot read \(T.self)")
        }
    }
}
