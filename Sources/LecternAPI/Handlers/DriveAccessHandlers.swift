import Foundation
import LecternCore
import LecternStore

/// `/api/schedule/drive-access/…` (admins): the Drive permissions Lectern manages, and
/// running the sharing duty now (SPEC §4, §7 "Sharing").
enum DriveAccessHandlers {
    static func list(_ context: RequestContext) throws -> HTTPResponse {
        _ = try context.user(in: [.admin])
        let request = context.request
        let limit = try ListPage<DriveAccessJSON>.limit(request)
        let status = try request.query["status"].map { text in
            guard let status = DrivePermissionStatus(rawValue: text) else {
                let known = DrivePermissionStatus.allCases.map(\.rawValue).joined(separator: ", ")
                throw APIError.badRequest("status: must be one of \(known).")
            }
            return status
        }
        let entries = try DrivePermissionRepository(context.db).list(status: status, afterID: try ScheduleInput.idCursor(request),
                                                                     limit: limit + 1)
        return JSONBody.response(200, ListPage(entries, limit: limit, request: request, cursor: { String($0.id) },
                                               item: DriveAccessJSON.init))
    }

    /// Queues a run that lists Drive's permissions too; a transfer process takes it at once.
    static func sync(_ context: RequestContext) throws -> HTTPResponse {
        _ = try context.user(in: [.admin])
        guard context.configuration.driveSharing == .groups else {
            throw APIError(409, "sharing_off", "Drive sharing is off (LECTERN_DRIVE_SHARING=off).")
        }
        try JobQueue(context.db).enqueueSharingRun(listDrive: true)
        return JSONBody.response(202, SyncAnswer(status: "queued"))
    }

    /// Queues a quick sharing run after a change of who may see a group's or host's folder
    /// (through the API or the CLI); nothing when sharing is off.
    static func membershipChanged(_ context: RequestContext) throws {
        guard context.configuration.driveSharing == .groups else { return }
        try JobQueue(context.db).enqueueSharingRun(listDrive: false)
    }

    struct SyncAnswer: JSONWritable {
        var status: String

        func write(to json: inout JSONWriter) {
            json.object { json in json.field("status", status) }
        }
    }
}
