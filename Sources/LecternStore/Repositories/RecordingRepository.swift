import Foundation
import LecternCore

/// Recording files (`recordings`), one row per Zoom file id (unique).
///
/// Webhook writes are single `INSERT … ON DUPLICATE KEY UPDATE` statements on that key, never
/// read-then-write, so two deliveries of one event at the same moment still make one row.
public struct RecordingRepository {
    let db: Connection

    public init(_ db: Connection) {
        self.db = db
    }

    /// A file announced by a recording event, with what Lectern adds to it.
    public struct Arrival: Sendable {
        public var file: WebhookRecordingFile
        public var meeting: WebhookMeeting
        public var lessonID: Int64?
        /// The provider's event the meeting is, when it is one.
        public var eventID: Int64?
        public var appID: Int64?
        /// The `download_token`, sealed with the master key.
        public var downloadTokenSealed: String?
        public var downloadTokenExpiresAt: Date?

        public init(file: WebhookRecordingFile, meeting: WebhookMeeting, lessonID: Int64?, eventID: Int64? = nil,
                    appID: Int64?, downloadTokenSealed: String? = nil, downloadTokenExpiresAt: Date? = nil) {
            self.file = file
            self.meeting = meeting
            self.lessonID = lessonID
            self.eventID = eventID
            self.appID = appID
            self.downloadTokenSealed = downloadTokenSealed
            self.downloadTokenExpiresAt = downloadTokenExpiresAt
        }
    }

    /// A row after an upsert.
    public struct Stored: Sendable, Equatable {
        public var id: Int64
        public var status: RecordingStatus
        /// The statement inserted the row (rather than finding it).
        public var inserted: Bool
        /// The statement inserted or changed the row.
        public var changed: Bool
    }

    /// The lesson whose meeting this is and `appID` created: by UUID (one instance) first,
    /// else by meeting id.
    public func lessonID(meetingID: String?, uuid: String?, appID: Int64) throws -> Int64? {
        let (condition, parameters) = MeetingEventRepository.matching(
            idColumn: "zoom_meeting_id", uuidColumn: "zoom_uuid", meetingID: meetingID, uuid: uuid)
        return try db.query("""
            SELECT id FROM lessons WHERE \(condition) AND COALESCE(zoom_app_id, ?) = ?
            ORDER BY zoom_uuid <=> ? DESC, id DESC LIMIT 1
            """, parameters + [.int(ZoomAppRepository.environmentAppID), .int(appID), .optional(uuid)]).first?.int("id")
    }

    /// `recording.completed`: inserts the file as `pending`, or, for a file already known
    /// through the same app, takes the fresh download URL and token while its transfer has not
    /// started and links a lesson or event found since. A row of another app is left alone.
    public func upsertCompleted(_ arrival: Arrival) throws -> Stored {
        let fresh = RecordingStatus.allCases.filter(\.takesFreshDownloadLink)
        let ifFresh = "status IN (\(PlaceholderList.marks(fresh.count))) AND \(Self.sameApp)"
        let freshValues = fresh.map { SQLValue.text($0.rawValue) }
        let result = try db.execute("""
            INSERT INTO recordings (\(Self.insertColumns), download_url, download_token_enc, download_token_expires_at, status)
            VALUES (\(PlaceholderList.marks(Self.insertColumnCount + 4)))
            ON DUPLICATE KEY UPDATE
                download_url = IF(\(ifFresh), VALUES(download_url), download_url),
                download_token_enc = IF(\(ifFresh), VALUES(download_token_enc), download_token_enc),
                download_token_expires_at = IF(\(ifFresh), VALUES(download_token_expires_at), download_token_expires_at),
                lesson_id = IF(\(Self.sameApp), COALESCE(lesson_id, VALUES(lesson_id)), lesson_id),
                event_id = IF(\(Self.sameApp), COALESCE(event_id, VALUES(event_id)), event_id)
            """, Self.insertValues(arrival) + [
                .optional(arrival.file.downloadURL), .optional(arrival.downloadTokenSealed),
                .optional(arrival.downloadTokenExpiresAt), .text(RecordingStatus.pending.rawValue),
            ] + freshValues + freshValues + freshValues)
        return try stored(zoomFileID: arrival.file.id, result)
    }

    /// `recording.trashed` / `recording.deleted`: a file not yet copied becomes
    /// `deleted_in_zoom`; a copied one keeps its status. Either way the deletion's time is
    /// noted; a row of another app is left alone. A file not seen before is kept as `deleted_in_zoom`, so that a late
    /// `recording.completed` for it does not start a transfer of a file Zoom no longer has.
    public func markDeletedInZoom(_ arrival: Arrival, now: Date) throws -> Stored {
        let lost = RecordingStatus.lostWhenDeletedInZoom
        let result = try db.execute("""
            INSERT INTO recordings (\(Self.insertColumns), status, deleted_in_zoom_at)
            VALUES (\(PlaceholderList.marks(Self.insertColumnCount + 2)))
            ON DUPLICATE KEY UPDATE
                status = IF(status IN (\(PlaceholderList.marks(lost.count))) AND \(Self.sameApp), ?, status),
                deleted_in_zoom_at = IF(\(Self.sameApp), COALESCE(deleted_in_zoom_at, VALUES(deleted_in_zoom_at)),
                                        deleted_in_zoom_at)
            """, Self.insertValues(arrival) + [.text(RecordingStatus.deletedInZoom.rawValue), .date(now)]
                + lost.map { SQLValue.text($0.rawValue) } + [.text(RecordingStatus.deletedInZoom.rawValue)])
        return try stored(zoomFileID: arrival.file.id, result)
    }

    /// The row an upsert landed on, read back with a locking read: a plain read would use the
    /// transaction's snapshot, which may predate a concurrent delivery's insert that this
    /// upsert found. MariaDB counts 1 for an insert, 2 for a change, 0 for a row left as it was.
    private func stored(zoomFileID: String, _ result: ExecResult) throws -> Stored {
        guard let row = try db.query("SELECT id, status FROM recordings WHERE zoom_file_id = ? FOR UPDATE",
                                       [.text(zoomFileID)]).first,
              let id = row.int("id"), let status = row.string("status").flatMap(RecordingStatus.init(rawValue:)) else {
            throw DatabaseError.server(code: 0, message: "recording \(zoomFileID) is missing after its upsert")
        }
        return Stored(id: id, status: status, inserted: result.affectedRows == 1, changed: result.affectedRows > 0)
    }

    /// In an upsert: the stored row came through the same app as the new values.
    static let sameApp = "app_id <=> VALUES(app_id)"

    static let insertColumns = """
        zoom_file_id, lesson_id, event_id, app_id, meeting_id, meeting_uuid, host_email, topic, meeting_timezone, file_type,
        file_extension, recording_type, file_size, recording_start, recording_end
        """
    static let insertColumnCount = 15

    static func insertValues(_ arrival: Arrival) -> [SQLValue] {
        let file = arrival.file
        let meeting = arrival.meeting
        return [.text(file.id), .optional(arrival.lessonID), .optional(arrival.eventID), .optional(arrival.appID), .optional(meeting.id),
                .text(meeting.uuid ?? meeting.id ?? ""), .optional(meeting.hostEmail), .text(meeting.topic ?? ""),
                .optional(meeting.timezone), .text(file.fileType), .text(file.fileExtension),
                .optional(file.recordingType), .int(file.fileSize), .optional(file.recordingStart),
                .optional(file.recordingEnd)]
    }
}
