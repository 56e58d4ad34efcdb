import Foundation
import LecternCore

/// How recordings enter the pipeline, whoever announces them: a webhook, the hourly
/// reconciliation or a bulk migration.
extension RecordingRepository {
    /// What an admission came to.
    public enum Admission: Sendable, Equatable {
        /// A row or a job was added.
        case added
        /// Every file was known already (or none is of a transferred type).
        case unchanged
        /// The meeting is another app's, or unknown to Lectern and `appID` not the pool's:
        /// nothing was written (SPEC §5).
        case foreignApp
    }

    /// Whose the meeting is, as far as `appID` may act on it (SPEC §5).
    public enum MeetingOwner: Sendable, Equatable {
        /// A lesson whose meeting `appID` created.
        case lesson(Int64)
        /// An event of the provider whose app `appID` is.
        case event(Int64)
        /// Unknown to Lectern, and `appID` is the pool's: archived under the host.
        case unknownMeeting
    }

    /// Whose `meeting` is for a delivery from `appID`; `nil` when `appID` may not act on it:
    /// a lesson or event of another app has the meeting, or it is unknown to Lectern and
    /// `appID` is not a pool app (only the pool's hosts' ad-hoc meetings are archived).
    public func owner(of meeting: WebhookMeeting, appID: Int64) throws -> MeetingOwner? {
        if let lesson = try lessonID(meetingID: meeting.id, uuid: meeting.uuid, appID: appID) { return .lesson(lesson) }
        if let meetingID = meeting.id, let event = try db.query("""
            SELECT e.id FROM events e JOIN event_providers p ON p.id = e.provider_id
            WHERE e.zoom_id = ? AND p.app_id = ? ORDER BY e.id DESC LIMIT 1
            """, [.text(meetingID), .int(appID)]).first?.int("id") {
            return .event(event)
        }
        let (condition, parameters) = MeetingEventRepository.matching(
            idColumn: "zoom_meeting_id", uuidColumn: "zoom_uuid", meetingID: meeting.id, uuid: meeting.uuid)
        let known = try !db.query("SELECT 1 FROM lessons WHERE \(condition) LIMIT 1", parameters).isEmpty
            || !db.query("SELECT 1 FROM events WHERE zoom_id = ? LIMIT 1", [.optional(meeting.id)]).isEmpty
        if known { return nil }
        let kind = try db.query("SELECT kind FROM zoom_apps WHERE id = ?", [.int(appID)]).first?.string("kind")
        return kind == ZoomAppRepository.Kind.pool.rawValue ? .unknownMeeting : nil
    }

    /// One `pending` row and one transfer job per transferable file of a meeting `appID` may
    /// act on (``owner(of:appID:)``); a file seen before keeps its row and job (and takes the
    /// fresh download link while still pending). Call inside a transaction.
    /// - Parameter afterTransfer: what to do with Zoom's copies, bound to the jobs (SPEC §9);
    ///   a job not yet finished takes it too. `nil` leaves it to the transfer process.
    public func admit(_ recordings: WebhookRecordings, fileTypes: [String], appID: Int64,
                      downloadTokenSealed: String?, downloadTokenExpiresAt: Date?,
                      afterTransfer: AfterTransferAction? = nil) throws -> Admission {
        // Files in id order, so that two deliveries lock their rows in the same order.
        let files = recordings.files.filter { $0.isTransferable(fileTypes: fileTypes) }.sorted { $0.id < $1.id }
        guard !files.isEmpty else { return .unchanged }
        let meeting = recordings.meeting
        guard let owner = try owner(of: meeting, appID: appID) else { return .foreignApp }
        var added = false
        for file in files {
            let stored = try upsertCompleted(.init(
                file: file, meeting: meeting, lessonID: owner.lessonID, eventID: owner.eventID, appID: appID,
                downloadTokenSealed: downloadTokenSealed, downloadTokenExpiresAt: downloadTokenExpiresAt))
            var queued = false
            let payload = RecordingTransferJob.payload(recordingID: stored.id, afterTransfer: afterTransfer)
            let key = RecordingTransferJob.dedupeKey(zoomFileID: file.id)
            if stored.status == .pending {
                queued = try JobQueue(db).enqueue(kind: RecordingTransferJob.kind, subject: String(stored.id),
                                                  payload: payload, dedupeKey: key) != nil
            }
            if !queued, afterTransfer != nil {
                try JobQueue(db).replaceUnfinishedPayload(dedupeKey: key, payload: payload)
            }
            added = added || stored.inserted || queued
        }
        return added ? .added : .unchanged
    }
}

extension RecordingRepository.MeetingOwner {
    public var lessonID: Int64? {
        if case .lesson(let id) = self { return id }
        return nil
    }

    public var eventID: Int64? {
        if case .event(let id) = self { return id }
        return nil
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
