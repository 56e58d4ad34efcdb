import Foundation
import LecternCore
import LecternDrive
import LecternStore

/// `GET /api/schedule/recordings/{id}/content/` (SPEC §4): the worker checks access and hands
/// the download to nginx with `X-Accel-Redirect`; nginx's internal location fetches the bytes
/// from Drive with the token this answer carries in a header it never forwards, and streams them
/// (`Range` included) while the worker serves the next request.
extension RecordingHandlers {
    /// The internal nginx location (`nginx/lectern-routes.conf`) that proxies `alt=media`.
    static let driveMediaLocation = "/_lectern/drive-media/"
    /// The upstream header nginx reads the token from (`$upstream_http_x_lectern_drive_token`).
    static let driveTokenHeader = "X-Lectern-Drive-Token"
    static let driveIDCharacters = CharacterSet(charactersIn:
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    static func content(_ context: RequestContext) throws -> HTTPResponse {
        let user = try context.user()
        let id = try context.id("id")
        let repository = RecordingRepository(context.db)
        guard let recording = try visible(id, to: user, repository: repository) else { throw APIError.notFound }
        guard recording.status == .ready, let fileID = try repository.driveFileID(id: id) else {
            throw APIError(409, "recording_not_ready",
                           "The recording is \(recording.status.rawValue); only a ready one can be played.")
        }
        guard let drive = context.services.drive else {
            throw APIError(503, "drive_not_configured", "Google Drive is not configured on this server.")
        }
        // Drive ids are URL-safe base64; anything else cannot be put into nginx's location safely.
        guard !fileID.isEmpty, fileID.unicodeScalars.allSatisfy(driveIDCharacters.contains) else {
            throw APIError(502, "drive_failed", "The recording's Drive file id is not one Drive makes.")
        }
        let info: DriveMediaInfo
        let token: String
        do {
            info = try drive.files.mediaInfo(fileID: fileID)
            token = try drive.tokens.accessToken()
        } catch DriveError.refused(404, _, _) {
            throw APIError(404, "not_on_drive", "The recording's copy is no longer on Drive.")
        } catch let error as DriveError {
            throw APIError(502, "drive_failed", "Google Drive did not answer as expected: \(error)")
        }
        guard info.trashed != true else { throw APIError(404, "not_on_drive", "The recording's copy is in Drive's trash.") }
        return HTTPResponse(status: 200, headers: [
            ("X-Accel-Redirect", driveMediaLocation + fileID),
            (driveTokenHeader, token),
            ("Content-Type", info.mimeType ?? "application/octet-stream"),
            ("Content-Disposition", ContentDisposition.inline(fileName: info.name)),
            ("Cache-Control", "private, no-store"),
        ])
    }
}
