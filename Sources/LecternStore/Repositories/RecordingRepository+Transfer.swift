import Foundation
import LecternCore

/// The transfer pipeline's reads and writes (SPEC §8). Each write is one statement that
/// leaves a row Zoom reported deleted, or one already on Drive, as it is.
extension RecordingRepository {
    /// The row with its lesson, group and the zone its start is shown in.
    public func transferRow(id: Int64) throws -> RecordingTransferRow? {
        try db.query("""
            SELECT r.*, l.title AS lesson_title, l.group_id, g.name AS group_name,
                   COALESCE(rl.timezone, t.timezone) AS lesson_timezone, ev.title AS event_title
            FROM recordings r
            LEFT JOIN lessons l ON l.id = r.lesson_id
            LEFT JOIN events ev ON ev.id = r.event_id
            LEFT JOIN `groups` g ON g.id = l.group_id
            LEFT JOIN recurring_lessons rl ON rl.id = l.recurring_lesson_id
            LEFT JOIN users t ON t.id = l.teacher_id
            WHERE r.id = ?
            """, [.int(id)]).first.map(RecordingTransferRow.init(row:))
    }

    /// Moves the row to `status` while its transfer is in progress; `false` when it is no
    /// longer (Zoom deleted it, or another process finished it).
    @discardableResult
    public func advance(id: Int64, to status: RecordingStatus, lease: JobLease) throws -> Bool {
        try held(lease, db.execute("""
            UPDATE recordings SET status = ?
            WHERE id = ? AND status IN ('pending', 'downloading', 'uploading', 'failed') AND \(JobLease.condition)
            """, [.text(status.rawValue), .int(id)] + lease.parameters))
    }

    /// The download is complete: its checksum, kept so that the upload can be verified.
    public func saveDownloaded(id: Int64, md5: String, lease: JobLease) throws {
        try held(lease, db.execute("""
            UPDATE recordings SET md5 = ?, status = IF(status IN ('pending', 'downloading', 'failed'), 'uploading', status)
            WHERE id = ? AND \(JobLease.condition)
            """, [.text(md5), .int(id)] + lease.parameters))
    }

    /// Forgets a checksum whose spool file is gone or is being written again.
    public func clearDownloaded(id: Int64, lease: JobLease) throws {
        try held(lease, db.execute("UPDATE recordings SET md5 = NULL WHERE id = ? AND \(JobLease.condition)",
                                   [.int(id)] + lease.parameters))
    }

    /// The open upload session (sealed: its URI is a credential), what the server confirmed,
    /// and the folder the session files the copy in, which a resumed session keeps whatever
    /// the lesson or group is called by then.
    public func saveUploadSession(id: Int64, sealed: String?, confirmedOffset: Int64, folderID: String?,
                                  lease: JobLease) throws {
        try held(lease, db.execute("""
            UPDATE recordings SET upload_session_enc = ?, upload_offset = ?, drive_folder_id = ?
            WHERE id = ? AND \(JobLease.condition)
            """, [.optional(sealed), .int(confirmedOffset), .optional(folderID), .int(id)] + lease.parameters))
    }

    /// What Zoom's API says of the file before it is downloaded (SPEC §5): its size, type and
    /// download URL replace the announcement's, and the app's OAuth token (sealed) is the one
    /// to download with until `expiresAt`.
    public func confirmDownload(id: Int64, fileSize: Int64, fileType: String, url: String, tokenSealed: String,
                                expiresAt: Date, lease: JobLease) throws {
        try held(lease, db.execute("""
            UPDATE recordings SET file_size = ?, file_type = ?, download_url = ?, download_token_enc = ?,
                download_token_expires_at = ?
            WHERE id = ? AND \(JobLease.condition)
            """, [.int(fileSize), .text(fileType), .text(url), .text(tokenSealed), .date(expiresAt), .int(id)]
                + lease.parameters))
    }

    /// A fresh download URL and token from `GET /meetings/{uuid}/recordings`.
    public func refreshDownloadLink(id: Int64, url: String, tokenSealed: String, expiresAt: Date,
                                    lease: JobLease) throws {
        try held(lease, db.execute("""
            UPDATE recordings SET download_url = ?, download_token_enc = ?, download_token_expires_at = ?
            WHERE id = ? AND \(JobLease.condition)
            """, [.text(url), .text(tokenSealed), .date(expiresAt), .int(id)] + lease.parameters))
    }

    /// The verified Drive copy, as ``markReady(_:mail:lease:now:)`` records it.
    public struct VerifiedCopy: Sendable {
        public var driveFileID: String
        public var folderID: String
        public var webViewLink: String
        public var md5: String
        public var availableUntil: Date?

        public init(driveFileID: String, folderID: String, webViewLink: String, md5: String, availableUntil: Date?) {
            self.driveFileID = driveFileID
            self.folderID = folderID
            self.webViewLink = webViewLink
            self.md5 = md5
            self.availableUntil = availableUntil
        }
    }

    /// Who hears about a meeting's recording: its lesson, and that lesson's group.
    public struct MailTo: Sendable {
        public var lessonID: Int64
        public var groupID: Int64
        public var lessonTitle: String

        public init(lessonID: Int64, groupID: Int64, lessonTitle: String) {
            self.lessonID = lessonID
            self.groupID = groupID
            self.lessonTitle = lessonTitle
        }
    }

    /// The Drive copy is verified: the row becomes `ready` (also when a trash webhook came
    /// while it was uploading: the copy exists and must be recorded), the download token and
    /// the upload session are dropped, and, when this was the meeting's last file to move,
    /// the students' mail is queued — all in one transaction. Returns how many mails were queued.
    /// - Throws: ``JobLeaseLost`` when the job is no longer this lease's (nothing changed).
    @discardableResult
    public func markReady(id: Int64, copy: VerifiedCopy, mail: MailTo?, lease: JobLease, now: Date) throws -> Int {
        try db.transaction { tx in
            let meeting = try Self.lockMeeting(of: id, in: tx)
            try RecordingRepository(tx).held(lease, tx.execute("""
                UPDATE recordings SET status = 'ready', drive_file_id = ?, drive_folder_id = ?, web_view_link = ?, md5 = ?,
                    available_until = ?, download_token_enc = NULL, upload_session_enc = NULL, last_error = NULL
                WHERE id = ? AND status IN ('pending', 'downloading', 'uploading', 'failed', 'deleted_in_zoom')
                  AND \(JobLease.condition)
                """, [.text(copy.driveFileID), .text(copy.folderID), .text(copy.webViewLink), .text(copy.md5),
                      .optional(copy.availableUntil), .int(id)] + lease.parameters))
            return try Self.mailIfSettled(meeting, mail: mail, in: tx, now: now)
        }
    }

    /// An attempt failed: counts it and keeps the reason; the last allowed one makes the row
    /// `failed`, and if that settles the meeting, its students hear about the files that made it.
    public func noteFailedAttempt(id: Int64, reason: String, final: Bool, mail: MailTo?, lease: JobLease,
                                  now: Date) throws {
        try db.transaction { tx in
            let meeting = try Self.lockMeeting(of: id, in: tx)
            try RecordingRepository(tx).held(lease, tx.execute("""
                UPDATE recordings SET attempts = attempts + 1, last_error = ?,
                    status = IF(? AND status IN ('pending', 'downloading', 'uploading'), 'failed', status)
                WHERE id = ? AND \(JobLease.condition)
                """, [.text(String(reason.prefix(2_000))), .int(final ? 1 : 0), .int(id)] + lease.parameters))
            if final { _ = try Self.mailIfSettled(meeting, mail: mail, in: tx, now: now) }
        }
    }

    /// Zoom no longer has the file (a 404 on its recordings): nothing left to copy.
    public func markLostInZoom(id: Int64, now: Date, lease: JobLease) throws {
        try held(lease, db.execute("""
            UPDATE recordings SET status = 'deleted_in_zoom', deleted_in_zoom_at = COALESCE(deleted_in_zoom_at, ?),
                download_token_enc = NULL, upload_session_enc = NULL
            WHERE id = ? AND status IN ('pending', 'downloading', 'uploading', 'failed') AND \(JobLease.condition)
            """, [.date(now), .int(id)] + lease.parameters))
    }

    /// Lectern trashed or deleted Zoom's copy after the transfer; an error left by a failed
    /// clean-up attempt goes with it.
    public func noteDeletedInZoom(id: Int64, now: Date, lease: JobLease) throws {
        try held(lease, db.execute("""
            UPDATE recordings SET deleted_in_zoom_at = COALESCE(deleted_in_zoom_at, ?), last_error = NULL
            WHERE id = ? AND \(JobLease.condition)
            """, [.date(now), .int(id)] + lease.parameters))
    }

    /// `true` when the write changed the row; `false` when it changed nothing although the
    /// lease is still held (the row was in another state, or already so);
    /// throws ``JobLeaseLost`` when it changed nothing because the lease is gone.
    @discardableResult
    func held(_ lease: JobLease, _ result: ExecResult) throws -> Bool {
        if result.affectedRows > 0 { return true }
        guard try lease.confirm(in: db) else { throw JobLeaseLost(jobID: lease.jobID) }
        return false
    }

    /// Locks every file of the recording's meeting, in id order (so that two files finishing
    /// at once take turns instead of deadlocking, and the second sees the first's status).
    private static func lockMeeting(of id: Int64, in tx: Connection) throws -> String? {
        guard let uuid = try tx.query("SELECT meeting_uuid FROM recordings WHERE id = ?", [.int(id)]).first?
            .string("meeting_uuid") else { return nil }
        _ = try tx.query("SELECT id FROM recordings WHERE meeting_uuid = ? ORDER BY id FOR UPDATE", [.text(uuid)])
        return uuid
    }

    /// Queues the students' one mail about the meeting once none of its files is still on
    /// its way (SPEC §8 step 4), listing those on Drive; returns how many were queued.
    private static func mailIfSettled(_ meetingUUID: String?, mail: MailTo?, in tx: Connection, now: Date) throws -> Int {
        guard let meetingUUID, let mail else { return 0 }
        // A locking read: it sees what a file that finished meanwhile committed, which the
        // transaction's snapshot (taken at its first plain read) would not.
        let files = try tx.query("""
            SELECT status, file_type, web_view_link FROM recordings WHERE meeting_uuid = ? ORDER BY id FOR UPDATE
            """, [.text(meetingUUID)])
        let moving: Set<String> = ["pending", "downloading", "uploading"]
        guard !files.contains(where: { moving.contains($0.string("status") ?? "") }) else { return 0 }
        let ready = files.compactMap { row -> RecordingReadyMail.File? in
            guard row.string("status") == "ready", let link = row.string("web_view_link") else { return nil }
            return RecordingReadyMail.File(fileType: row.string("file_type") ?? "", link: link)
        }
        guard !ready.isEmpty else { return 0 }
        let text = RecordingReadyMail(lessonTitle: mail.lessonTitle, files: ready)
        return try NotificationRepository(tx).queueRecordingReady(
            lessonID: mail.lessonID, meetingUUID: meetingUUID, groupID: mail.groupID, subject: text.subject,
            body: text.body, now: now)
    }
}

/// Retention (SPEC §8, hourly): copies past `available_until` are trashed on Drive and
/// the rows become `expired`.
extension RecordingRepository {
    /// Ready recordings whose retention ended before `now`, oldest first.
    public func expiredCopies(now: Date, limit: Int) throws -> [(id: Int64, driveFileID: String)] {
        try db.query("""
            SELECT id, drive_file_id FROM recordings
            WHERE status = 'ready' AND available_until IS NOT NULL AND available_until < ? AND drive_file_id IS NOT NULL
            ORDER BY available_until LIMIT ?
            """, [.date(now), .int(Int64(limit))]).map { row in
            (try row.requiredInt("id"), try row.requiredString("drive_file_id"))
        }
    }

    public func markExpired(id: Int64) throws {
        _ = try db.execute("UPDATE recordings SET status = 'expired' WHERE id = ? AND status = 'ready'", [.int(id)])
    }
}
