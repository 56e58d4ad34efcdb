import Foundation
import LecternCore

/// How recordings enter the pipeline, whoever announces them: a webhook, the hourly
/// reconciliation or a bulk migration.
extension RecordingRepository {
    /// One `pending` row and one transfer job per transferable file; a file seen before keeps
    /// its row and job (and takes the fresh download link while still pending). Returns
    /// whether anything was added. Call inside a transaction.
    public func admit(_ recordings: WebhookRecordings, fileTypes: [String], appID: Int64?,
                      downloadTokenSealed: String?, downloadTokenExpiresAt: Date?) throws -> Bool {
        // Files in id order, so that two deliveries lock their rows in the same order.
        let files = recordings.files.filter { $0.isTransferable(fileTypes: fileTypes) }.sorted { $0.id < $1.id }
        guard !files.isEmpty else { return false }
        let meeting = recordings.meeting
        let lessonID = try lessonID(meetingID: meeting.id, uuid: meeting.uuid)
        var added = false
        for file in files {
            let stored = try upsertCompleted(.init(
                file: file, meeting: meeting, lessonID: lessonID, appID: appID,
                downloadTokenSealed: downloadTokenSealed, downloadTokenExpiresAt: downloadTokenExpiresAt))
            var queued = false
            if stored.status == .pending {
                queued = try JobQueue(db).enqueue(
                    kind: RecordingTransferJob.kind, subject: String(stored.id),
                    payload: RecordingTransferJob.payload(recordingID: stored.id),
                    dedupeKey: RecordingTransferJob.dedupeKey(zoomFileID: file.id)) != nil
            }
            added = added || stored.inserted || queued
        }
        return added
    }
}

extension RecordingRepository {
    /// Where an admitted file stands, by its Zoom file id.
    public struct IntakeState: Sendable, Equatable {
        public var id: Int64
        public var status: RecordingStatus
        public var lastError: String?
        /// Who last held the file's transfer job, and when that job ended (`nil` while it runs).
        public var jobHolder: String?
        public var jobFinishedAt: Date?
    }

    /// The row of a Zoom file, or `nil` when it was never admitted.
    public func intakeState(zoomFileID: String) throws -> IntakeState? {
        guard let row = try db.query("""
            SELECT r.id, r.status, r.last_error, j.locked_by, j.finished_at
            FROM recordings r LEFT JOIN jobs j ON j.dedupe_key = CONCAT('transfer:', r.zoom_file_id)
            WHERE r.zoom_file_id = ?
            """, [.text(zoomFileID)]).first,
              let id = row.int("id"), let status = row.string("status").flatMap(RecordingStatus.init(rawValue:)) else {
            return nil
        }
        return IntakeState(id: id, status: status, lastError: row.string("last_error"), jobHolder: row.string("locked_by"),
                           jobFinishedAt: row.date("finished_at"))
    }
}
