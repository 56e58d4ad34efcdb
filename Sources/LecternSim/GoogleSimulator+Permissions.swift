import Foundation

/// Drive v3 `files/{id}/permissions` (SPEC §7 "Sharing", §11): create, list (paginated, with
/// the permissions inherited from parent folders and the shared drive marked `inherited`) and
/// delete, and refusals armed per email address. Like every Drive call on shared-drive items,
/// they need `supportsAllDrives=true`.
extension GoogleSimulator {
    /// Shared drives answer at most this many permissions per page.
    static let maxPermissionPage = 100

    private struct PermissionBody: Decodable {
        var type: String?
        var role: String?
        var emailAddress: String?
    }

    private struct PermissionList: Encodable {
        var kind = "drive#permissionList"
        var nextPageToken: String?
        var permissions: [SimPermission.Resource]
    }

    /// Answers `files/{id}/permissions[/{permissionId}]` (`path` is what follows `files`).
    func handlePermissions(_ request: SimRequest, fileID: String, permissionID: String?) -> SimResponse {
        guard let file = visibleFile(fileID, request), file.id != rootFolderID || permissionID == nil else {
            return Self.notFound(fileID)
        }
        switch (request.method, permissionID) {
        case ("POST", nil):
            return createPermission(request, on: file)
        case ("GET", nil):
            return listPermissions(request, of: file)
        case ("DELETE", let id?):
            guard removePermission(fileID: file.id, permissionID: id) else {
                return .googleError(404, reason: "notFound", "Permission not found: \(id).")
            }
            return SimResponse(status: 204)
        default:
            return .googleError(404, reason: "notFound", "No such Drive API: \(request.method) \(request.rawPath).")
        }
    }

    /// The direct permissions on `fileID` (for `GET /_sim/drive/files/{id}/permissions`).
    func directPermissions(of fileID: String) -> [SimPermission] {
        (state.permissions ?? []).filter { $0.fileID == fileID }
    }

    /// Removes a direct permission; `false` when there is none.
    func removePermission(fileID: String, permissionID: String) -> Bool {
        let before = state.permissions?.count ?? 0
        state.permissions?.removeAll { $0.fileID == fileID && $0.id == permissionID }
        return (state.permissions?.count ?? 0) < before
    }

    /// Adds a direct permission as a person would in Drive's sharing dialog.
    func addPermission(fileID: String, email: String, role: String) -> SimPermission? {
        guard state.files.contains(where: { $0.id == fileID }) else { return nil }
        let permission = SimPermission(fileID: fileID, id: SimPermission.id(for: email), type: "user", role: role,
                                       emailAddress: email.lowercased())
        state.permissions = (state.permissions ?? []).filter { !($0.fileID == fileID && $0.id == permission.id) } + [permission]
        return permission
    }

    private func createPermission(_ request: SimRequest, on file: SimDriveFile) -> SimResponse {
        guard let body = try? request.decodeGoogle(PermissionBody.self), let type = body.type, let role = body.role else {
            return .googleError(400, reason: "required", "The permission type and role are required.")
        }
        guard type == "user", let email = body.emailAddress, email.contains("@") else {
            return .googleError(400, reason: "invalid", "Only user permissions with an emailAddress are emulated.")
        }
        guard ["reader", "commenter", "writer", "fileOrganizer", "organizer"].contains(role) else {
            return .googleError(400, reason: "invalid", "Invalid value for role: \(role).")
        }
        if let refusal = permissionRefusals[email.lowercased()] {
            return .googleError(refusal.status ?? 403, reason: refusal.reason ?? "cannotShareTeamDriveWithNonGoogleAccounts",
                                refusal.message ?? "Bad Request. User message: \"Sorry, you can't share with \(email) "
                                    + "because it isn't a Google account.\"")
        }
        guard let permission = addPermission(fileID: file.id, email: email, role: role) else { return Self.notFound(file.id) }
        return .googleJSON(200, resource(permission, inheritedFrom: nil))
    }

    /// The file's direct permissions, then those of its folders and the shared drive's members
    /// (`inherited: true`), a page at a time; `pageToken` is where the previous page ended.
    private func listPermissions(_ request: SimRequest, of file: SimDriveFile) -> SimResponse {
        var entries = directPermissions(of: file.id).map { resource($0, inheritedFrom: nil) }
        var parent = file.parents.first
        while let folderID = parent, folderID != rootFolderID, let folder = state.files.first(where: { $0.id == folderID }) {
            entries += directPermissions(of: folderID).map { resource($0, inheritedFrom: folderID) }
            parent = folder.parents.first
        }
        for account in state.serviceAccounts {
            entries.append(SimPermission.Resource(
                id: SimPermission.id(for: account.clientEmail), type: "user", role: "organizer",
                emailAddress: account.clientEmail,
                permissionDetails: [.init(permissionType: "member", role: "organizer", inherited: true,
                                          inheritedFrom: rootFolderID)]))
        }
        let size = min(Int(request.query["pageSize"] ?? "") ?? Self.maxPermissionPage, Self.maxPermissionPage)
        let start: Int
        if let token = request.query["pageToken"] {
            guard token.hasPrefix("p"), let offset = Int(token.dropFirst()), offset >= 0, offset <= entries.count else {
                return .googleError(400, reason: "invalid", "Invalid pageToken.")
            }
            start = offset
        } else {
            start = 0
        }
        let end = min(start + max(size, 1), entries.count)
        return .googleJSON(200, PermissionList(nextPageToken: end < entries.count ? "p\(end)" : nil,
                                               permissions: Array(entries[start..<end])))
    }

    private func resource(_ permission: SimPermission, inheritedFrom: String?) -> SimPermission.Resource {
        SimPermission.Resource(id: permission.id, type: permission.type, role: permission.role,
                               emailAddress: permission.emailAddress,
                               permissionDetails: [.init(role: permission.role, inherited: inheritedFrom != nil,
                                                         inheritedFrom: inheritedFrom)])
    }
}
