import Foundation
import LecternCrypto

/// Drive v3 `files` (SPEC §7): list with the query forms Lectern uses, get, create folders,
/// rename and trash. Everything lives in one shared drive, so a request without
/// `supportsAllDrives=true` finds nothing, and a listing also needs `includeItemsFromAllDrives=true`.
extension GoogleSimulator {
    private struct FileList: Encodable {
        var kind = "drive#fileList"
        var incompleteSearch = false
        var files: [SimDriveFile.Resource]
    }

    /// Answers `/drive/v3/files…` (`path` is what follows `files`) for an authenticated request.
    func handleFiles(_ request: SimRequest, path: [String]) -> SimResponse {
        switch (request.method, path.count) {
        case ("GET", 0):
            return list(request)
        case ("POST", 0):
            return createFile(request)
        case ("GET", 1):
            guard let file = visibleFile(ZoomSimulator.decodeOnce(path[0]), request) else {
                return Self.notFound(ZoomSimulator.decodeOnce(path[0]))
            }
            if request.query["alt"] == "media" { return media(of: file, range: request.headers["range"]) }
            return .googleJSON(200, file.resource)
        case (_, 2) where path[1] == "permissions", (_, 3) where path[1] == "permissions":
            return handlePermissions(request, fileID: ZoomSimulator.decodeOnce(path[0]),
                                     permissionID: path.count == 3 ? ZoomSimulator.decodeOnce(path[2]) : nil)
        case ("PATCH", 1):
            return updateFile(request, id: ZoomSimulator.decodeOnce(path[0]))
        default:
            return .googleError(404, reason: "notFound", "No such Drive API: \(request.method) \(request.rawPath).")
        }
    }

    /// Every file and folder but the shared drive's root, for `GET /_sim/drive/files`.
    var allFiles: [SimDriveFile.Resource] {
        state.files.filter { $0.id != rootFolderID }.map(\.resource)
    }

    static func notFound(_ id: String) -> SimResponse {
        .googleError(404, reason: "notFound", "File not found: \(id).")
    }

    /// The file, if this request may see it: shared-drive items need `supportsAllDrives=true`.
    func visibleFile(_ id: String, _ request: SimRequest) -> SimDriveFile? {
        guard request.query["supportsAllDrives"] == "true" else { return nil }
        return state.files.first { $0.id == id }
    }

    /// Where new content goes: `nil` when `parents` is a visible folder, else Google's refusal.
    /// A service account has no storage of its own, so a file outside the shared drive hits its quota.
    func refusal(parents: [String], _ request: SimRequest, folder: Bool) -> SimResponse? {
        guard let parent = parents.first else {
            return folder ? nil : .googleError(403, reason: "storageQuotaExceeded",
                                               "The user's Drive storage quota has been exceeded.")
        }
        guard parents.count == 1 else {
            return .googleError(403, reason: "cannotAddParent", "A shared drive item must have exactly one parent.")
        }
        guard let found = visibleFile(parent, request) else { return Self.notFound(parent) }
        guard found.isFolder else {
            return .googleError(400, reason: "invalidParent", "The parent \(parent) is not a folder.")
        }
        return nil
    }

    private func list(_ request: SimRequest) -> SimResponse {
        let query: SimDriveQuery
        do {
            query = try SimDriveQuery(request.query["q"] ?? "")
        } catch {
            return .googleError(400, reason: "invalidQuery", "Invalid query: \(error.reason).")
        }
        guard request.query["supportsAllDrives"] == "true", request.query["includeItemsFromAllDrives"] == "true" else {
            if request.query["corpora"] == "drive" {
                return .googleError(403, reason: "teamDrivesParameterRequired",
                                    "includeItemsFromAllDrives and supportsAllDrives must be true when corpora is drive.")
            }
            return .googleJSON(200, FileList(files: []))
        }
        // Google's rule: driveId if and only if corpora=drive; every item here is in the one shared drive.
        let corpora = request.query["corpora"]
        if let driveID = request.query["driveId"] {
            guard corpora == "drive" else {
                return .googleError(400, reason: "invalid",
                                    "The driveId parameter must be specified if and only if corpora is set to drive.")
            }
            guard driveID == SimDriveFile.sharedDriveID else {
                return .googleError(404, reason: "notFound", "Shared drive not found: \(driveID).")
            }
        } else if let corpora, !["user", "allDrives", "domain"].contains(corpora) {
            return .googleError(400, reason: "invalid", corpora == "drive"
                ? "The driveId parameter must be specified if and only if corpora is set to drive."
                : "Invalid value for corpora: \(corpora).")
        }
        let files = state.files.filter { $0.id != rootFolderID && query.matches($0) }
        return .googleJSON(200, FileList(files: files.map(\.resource)))
    }

    /// `POST files`: metadata only, so in practice a folder.
    private func createFile(_ request: SimRequest) -> SimResponse {
        guard let metadata = try? request.decodeGoogle(SimDriveMetadata.self) else {
            return .googleError(400, reason: "parseError", "The request body is not JSON file metadata.")
        }
        let mimeType = metadata.mimeType ?? "application/octet-stream"
        let folder = mimeType == Self.folderMimeType
        if let refused = refusal(parents: metadata.parents ?? [], request, folder: folder) { return refused }
        let file = SimDriveFile(id: Self.randomID(), name: metadata.name ?? "Untitled", mimeType: mimeType,
                                parents: metadata.parents ?? [], appProperties: metadata.appProperties ?? [:],
                                trashed: metadata.trashed ?? false, size: folder ? nil : 0,
                                md5Checksum: folder ? nil : MD5Stream().finalizeHex())
        state.files.append(file)
        return .googleJSON(200, file.resource)
    }

    /// `PATCH files/{id}`: `trashed`, `name` and `appProperties` (merged; a `null` value is not supported).
    private func updateFile(_ request: SimRequest, id: String) -> SimResponse {
        guard visibleFile(id, request) != nil, id != rootFolderID,
              let index = state.files.firstIndex(where: { $0.id == id }) else { return Self.notFound(id) }
        guard let metadata = try? request.decodeGoogle(SimDriveMetadata.self) else {
            return .googleError(400, reason: "parseError", "The request body is not JSON file metadata.")
        }
        if let trashed = metadata.trashed { state.files[index].trashed = trashed }
        if let name = metadata.name { state.files[index].name = name }
        if let properties = metadata.appProperties { state.files[index].appProperties.merge(properties) { $1 } }
        return .googleJSON(200, state.files[index].resource)
    }
}
