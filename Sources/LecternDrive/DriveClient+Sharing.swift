import Foundation
import LecternHTTPClient

extension DriveClient: DriveSharing {
    static let permissionFields = "nextPageToken,permissions(id,type,role,emailAddress,permissionDetails)"

    private struct PermissionBody: Encodable {
        var type = "user"
        var role: String
        var emailAddress: String
    }

    private struct CreatedPermission: Decodable {
        var id: String
    }

    private struct PermissionPage: Decodable {
        var nextPageToken: String?
        var permissions: [DrivePermission]?
    }

    public func createPermission(fileID: String, email: String, role: String) throws -> String {
        // Creating a permission a person already has answers with that same permission, so a
        // repeat after a lost answer does nothing twice.
        let url = permissionsURL(fileID: fileID, query: [("sendNotificationEmail", "false"), ("fields", "id")])
        let response = try call("POST", url, json: PermissionBody(role: role, emailAddress: email))
        return try decode(CreatedPermission.self, response).id
    }

    public func permissions(fileID: String) throws -> [DrivePermission] {
        var all: [DrivePermission] = []
        var pageToken: String?
        repeat {
            var query = [("pageSize", "100"), ("fields", Self.permissionFields)]
            if let pageToken { query.append(("pageToken", pageToken)) }
            let page = try decode(PermissionPage.self, try call("GET", permissionsURL(fileID: fileID, query: query)))
            all += page.permissions ?? []
            pageToken = page.nextPageToken.flatMap { $0.isEmpty ? nil : $0 }
        } while pageToken != nil
        return all
    }

    public func deletePermission(fileID: String, permissionID: String) throws {
        let url = apiBase + "/drive/v3/files/" + QueryString.escape(fileID) + "/permissions/"
            + QueryString.escape(permissionID) + "?" + QueryString.encode([("supportsAllDrives", "true")])
        do {
            _ = try call("DELETE", url)
        } catch DriveError.refused(404, _, _) {
            // Gone already (removed by hand, or the folder itself): what was wanted.
        }
    }

    public func mediaInfo(fileID: String) throws -> DriveMediaInfo {
        try decode(DriveMediaInfo.self, try call("GET", fileURL(id: fileID, query: [("fields", "id,name,mimeType,trashed")])))
    }

    /// `{base}/drive/v3/files/{id}/permissions?supportsAllDrives=true&…`.
    func permissionsURL(fileID: String, query: [(name: String, value: String)]) -> String {
        apiBase + "/drive/v3/files/" + QueryString.escape(fileID) + "/permissions?"
            + QueryString.encode([("supportsAllDrives", "true")] + query)
    }
}
