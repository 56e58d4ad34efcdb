import Foundation
import LecternCore

/// A `recordings` row as the transfer pipeline reads it, with the lesson it belongs to.
public struct RecordingTransferRow: Sendable {
    public var id: Int64
    public var zoomFileID: String
    public var appID: Int64?
    public var meetingUUID: String
    public var hostEmail: String?
    public var topic: String
    public var meetingTimezone: String?
    public var fileType: String
    public var fileExtension: String
    public var recordingType: String?
    public var fileSize: Int64
    public var recordingStart: Date?
    public var downloadURL: String?
    public var downloadTokenSealed: String?
    public var downloadTokenExpiresAt: Date?
    public var status: RecordingStatus
    public var downloadedMD5: String?
    public var uploadSessionSealed: String?
    public var uploadOffset: Int64
    /// The folder the open upload session files the copy in (then the copy's folder).
    public var driveFolderID: String?
    /// When Zoom's copy was trashed or deleted (by Lectern after the transfer, or by someone).
    public var deletedInZoomAt: Date?
    public var lesson: Lesson?
    /// The title of the provider's event the recording is of, if it is one.
    public var eventTitle: String?

    /// The lesson's part in filing and notifying.
    public struct Lesson: Sendable, Equatable {
        public var id: Int64
        public var title: String
        public var groupID: Int64?
        public var groupName: String?
        /// The recurring lesson's zone, else the teacher's.
        public var timezone: String
    }

    init(row: Row) throws {
        id = try row.requiredInt("id")
        zoomFileID = try row.requiredString("zoom_file_id")
        appID = row.int("app_id")
        meetingUUID = try row.requiredString("meeting_uuid")
        hostEmail = row.string("host_email")
        topic = try row.requiredString("topic")
        meetingTimezone = row.string("meeting_timezone")
        fileType = try row.requiredString("file_type")
        fileExtension = try row.requiredString("file_extension")
        recordingType = row.string("recording_type")
        fileSize = try row.requiredInt("file_size")
        recordingStart = row.date("recording_start")
        downloadURL = row.string("download_url")
        downloadTokenSealed = row.string("download_token_enc")
        downloadTokenExpiresAt = row.date("download_token_expires_at")
        status = try row.required("status", as: RecordingStatus.self)
        downloadedMD5 = row.string("md5")
        uploadSessionSealed = row.string("upload_session_enc")
        uploadOffset = try row.requiredInt("upload_offset")
        driveFolderID = row.string("drive_folder_id")
        deletedInZoomAt = row.date("deleted_in_zoom_at")
        eventTitle = row.int("event_id") == nil ? nil : row.string("event_title")
        lesson = row.int("lesson_id").map { lessonID in
            Lesson(id: lessonID, title: row.string("lesson_title") ?? "", groupID: row.int("group_id"),
                   groupName: row.string("group_name"), timezone: row.string("lesson_timezone") ?? "UTC")
        }
    }

    /// Who hears when the meeting's files are on Drive: the lesson's group, if it has one.
    public var mailTo: RecordingRepository.MailTo? {
        guard let lesson, let groupID = lesson.groupID else { return nil }
        return RecordingRepository.MailTo(lessonID: lesson.id, groupID: groupID, lessonTitle: lesson.title)
    }

    /// Where the file goes on Drive and what it is called there.
    public var placement: RecordingPlacement {
        let zoneName = lesson?.timezone ?? meetingTimezone ?? "UTC"
        let folder = lesson.map { RecordingPlacement.Lesson(groupName: $0.groupName ?? "No group", title: $0.title) }
        return RecordingPlacement(.init(lesson: folder, eventTitle: eventTitle, hostEmail: hostEmail, topic: topic, recordingStart: recordingStart,
                                        recordingType: recordingType, fileType: fileType, fileExtension: fileExtension,
                                        timeZone: TimeZone(identifier: zoneName) ?? TimeZone(identifier: "UTC")!))
    }
}
