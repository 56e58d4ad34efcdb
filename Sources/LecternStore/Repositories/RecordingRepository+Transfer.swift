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
    public func advance(id: Int64, to status: RecordingStatus) throws -> Bool {
        try db.execute("""
            UPDATE recordings SET status = ? WHERE id = ? AND status IN ('pending', 'downloading', 'uploading', 'failed')
            """, [.text(status.rawValue), .int(id)]).affectedRows == 1
    }

    /// The download is complete: its checksum, kept so that the upload can be verified.
    public func saveDownloaded(id: Int64, md5: String) throws {
        _ = try db.execute("""
            UPDATE recordings SET md5 = ?, status = IF(status IN ('pending', 'downloading', 'failed'), 'uploading', status)
            WHERE id = ?
            """, [.text(md5), .int(id)])
    }

    /// Forgets a checksum whose spool file is gone or is being written again.
    public func clearDownloaded(id: Int64) throws {
        _ = try db.execute("UPDATE recordings SET md5 = NULL WHERE id = ?", [.int(id)])
    }

    /// The open upload session (sealed: its URI is a credential) and what the server confirmed.
    public func saveUploadSession(id: Int64, sealed: String?, confirmedOffset: Int64) throws {
        _ = try db.execute("UPDATE recordings SET upload_session_enc = ?, upload_offset = ? WHERE id = ?",
                           [.optional(sealed), .int(confirmedOffset), .int(id)])
    }

    /// What Zoom's API says of the file before it is downloaded (SPEC §5): its size, type and
    /// download URL replace the announcement's, and the app's OAuth token (sealed) is the one
    /// to download with until `expiresAt`.
    public func confirmDownload(id: Int64, fileSize: Int64, fileType: String, url: String, tokenSealed: String,
                                expiresAt: Date) throws {
        _ = try db.execute("""
            UPDATE recordings SET file_size = ?, file_type = ?, download_url = ?, download_token_enc = ?,
                download_token_expires_at = ?
            WHERE id = ?
            """, [.int(fileSize), .text(fileType), .text(url), .text(tokenSealed), .date(expiresAt), .int(id)])
    }

    /// A fresh download URL and token from `GET /meetings/{uuid}/recordings`.
    public func refreshDownloadLink(id: Int64, url: String, tokenSealed: String, expiresAt: Date) throws {
        _ = try db.execute("""
            UPDATE recordings SET download_url = ?, download_token_enc = ?, download_token_expires_at = ? WHERE id = ?
            """, [.text(url), .text(tokenSealed), .date(expiresAt), .int(id)])
    }

    /// The Drive copy is verified: the row becomes `ready`, and the download token and the
    /// upload session, no longer needed, are dropped.
    public func markReady(id: Int64, driveFileID: String, folderID: String, webViewLink: String?, md5: String,
                          availableUntil: Date?) throws {
        _ = try db.execute("""
            UPDATE recordings SET status = 'ready', drive_file_id = ?, drive_folder_id = ?, web_view_link = ?, md5 = ?,
                available_until = ?, download_token_enc = NULL, upload_session_enc = NULL, last_error = NULL
            WHERE id = ? AND status IN ('pending', 'downloading', 'uploading', 'failed')
            """, [.text(driveFileID), .text(folderID), .optional(webViewLink), .text(md5), .optional(availableUntil),
                  .int(id)])
    }

    /// An attempt failed: counts it and keeps the reason; the last allowed one makes the row `failed`.
    public func noteFailedAttempt(id: Int64, reason: String, final: Bool) throws {
        _ = try db.execute("""
            UPDATE recordings SET attempts = attempts + 1, last_error = ?,
                status = IF(? AND status IN ('pending', 'downloading', 'uploading'), 'failed', status)
            WHERE id = ?
            """, [.text(String(reason.prefix(2_000))), .int(final ? 1 : 0), .int(id)])
    }

    /// Zoom no longer has the file (a 404 on its recordings): nothing left to copy.
    public func markLostInZoom(id: Int64, now: Date) throws {
        _ = try db.execute("""
            UPDATE recordings SET status = 'deleted_in_zoom', deleted_in_zoom_at = COALESCE(deleted_in_zoom_at, ?),
                download_token_enc = NULL, upload_session_enc = NULL
            WHERE id = ? AND status IN ('pending', 'downloading', 'uploading', 'failed')
            """, [.date(now), .int(id)])
    }

    /// Lectern trashed or deleted Zoom's copy after the transfer; an error left by a failed
    /// clean-up attempt goes with it.
    public func noteDeletedInZoom(id: Int64, now: Date) throws {
        _ = try db.execute("""
            UPDATE recordings SET deleted_in_zoom_at = COALESCE(deleted_in_zoom_at, ?), last_error = NULL WHERE id = ?
            """, [.date(now), .int(id)])
    }

    /// Whether the lesson's recording includes a video file.
    public func lessonHasVideo(lessonID: Int64) throws -> Bool {
        try !db.query("SELECT 1 FROM recordings WHERE lesson_id = ? AND file_type = 'MP4' LIMIT 1",
                      [.int(lessonID)]).isEmpty
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
