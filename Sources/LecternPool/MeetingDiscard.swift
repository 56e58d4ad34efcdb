import LecternStore
import LecternZoom
import Logging

/// Deletes a Zoom meeting that Lectern created but could not attach (a press that lost its
/// claim, a lesson that changed meanwhile), so that no such meeting stays in Zoom. Best
/// effort: when Zoom will not delete it now, it is recorded for the stuck-host duty.
public struct MeetingDiscard {
    let db: Connection
    let apps: ZoomClientSource
    let logger: Logger

    public init(db: Connection, apps: ZoomClientSource, logger: Logger) {
        self.db = db
        self.apps = apps
        self.logger = logger
    }

    /// Deletes the meeting in Zoom, or records it when that fails; `true` when it is gone.
    @discardableResult
    public func discard(appID: Int64, meetingID: String, kind: ZoomMeetingKind = .meeting, reason: String) -> Bool {
        let metadata: Logger.Metadata = ["app": "\(appID)", "meeting": "\(meetingID)", "reason": "\(reason)"]
        do {
            try delete(appID: appID, meetingID: meetingID, kind: kind)
            logger.notice("deleted a Zoom meeting that could not be attached", metadata: metadata)
            return true
        } catch {
            logger.warning("cannot delete a Zoom meeting that could not be attached; the stuck-host duty will",
                           metadata: metadata.merging(["error": "\(error)"]) { $1 })
        }
        do {
            try OrphanMeetingRepository(db).record(appID: appID, meetingID: meetingID, kind: kind.rawValue, reason: reason)
        } catch {
            logger.error("cannot record a Zoom meeting to delete; it stays in Zoom",
                         metadata: metadata.merging(["error": "\(error)"]) { $1 })
        }
        return false
    }

    /// Deletes the meeting in Zoom; one that Zoom no longer knows counts as deleted.
    func delete(appID: Int64, meetingID: String, kind: ZoomMeetingKind) throws {
        do {
            try apps.client(appID: appID).deleteMeeting(id: meetingID, kind: kind)
        } catch let error as ZoomError where error.status == 404 {
            return
        }
    }

    /// Deletes the recorded meetings (the stuck-host duty); returns how many are gone.
    public func deleteRecorded() throws -> Int {
        let orphans = OrphanMeetingRepository(db)
        var deleted = 0
        for orphan in try orphans.pending() {
            do {
                try delete(appID: orphan.appID, meetingID: orphan.meetingID,
                           kind: ZoomMeetingKind(rawValue: orphan.kind) ?? .meeting)
                try orphans.remove(id: orphan.id)
                deleted += 1
                logger.info("deleted a recorded Zoom meeting", metadata: ["meeting": "\(orphan.meetingID)"])
            } catch {
                try orphans.noteFailure(id: orphan.id, error: "\(error)")
                logger.warning("cannot delete a recorded Zoom meeting yet", metadata: [
                    "meeting": "\(orphan.meetingID)", "attempts": "\(orphan.attempts + 1)", "error": "\(error)"])
            }
        }
        return deleted
    }
}
