import Foundation

/// The bodies the emulated Zoom delivers, in the shapes of shared/reference/zoom-webhooks.md
/// (encoded with ``SimJSON``, so the keys come out in snake_case). The recording object is also
/// what the recordings API answers with, as Zoom's is.
enum SimWebhookEvents {
    struct Envelope<Payload: Encodable>: Encodable {
        var event: String
        var eventTs: Int64
        var payload: Payload
        /// Top level, on `recording.completed` only.
        var downloadToken: String?
    }

    struct Payload<Object: Encodable>: Encodable {
        var accountId: String
        var object: Object
    }

    /// `meeting.started` / `meeting.ended`: `id` is a string here.
    struct MeetingObject: Encodable {
        var id: String
        var uuid: String
        var hostId: String
        var topic: String
        var type: Int
        var startTime: String
        var timezone: String
        var duration: Int
        var endTime: String?
    }

    /// `recording.completed` and the recordings API: `id` is a number here.
    struct RecordingObject: Encodable {
        var id: Int64
        var uuid: String
        var hostId: String
        var accountId: String
        var topic: String
        var type: Int
        var startTime: String
        var timezone: String
        var hostEmail: String
        var duration: Int
        var totalSize: Int64
        var recordingCount: Int
        var shareUrl: String
        var password: String
        var recordingFiles: [RecordingFile]
        /// The API's `include_fields=download_access_token`; never in webhooks.
        var downloadAccessToken: String?
    }

    struct RecordingFile: Encodable {
        var id: String
        var meetingId: String
        var recordingStart: String
        var recordingEnd: String
        var fileType: String
        var fileExtension: String
        var fileSize: Int64
        var playUrl: String
        var downloadUrl: String
        var status: String
        var recordingType: String
    }

    static let accountID = "sim-account"

    static func meeting(_ event: String, _ meeting: SimZoomMeeting, now: Date) -> Envelope<Payload<MeetingObject>> {
        Envelope(event: event, eventTs: milliseconds(now), payload: Payload(accountId: accountID, object: MeetingObject(
            id: String(meeting.id), uuid: meeting.uuid, hostId: meeting.hostId, topic: meeting.topic, type: meeting.type,
            startTime: startTime(meeting, now: now), timezone: meeting.timezone ?? "UTC",
            duration: meeting.duration ?? 60, endTime: event == "meeting.ended" ? timestamp(now) : nil)))
    }

    /// `recording.completed` for `recording`'s files, downloadable under `downloadBase` with `token`.
    static func recordingCompleted(_ recording: SimRecording, downloadBase: String, token: String,
                                   now: Date) -> Envelope<Payload<RecordingObject>> {
        Envelope(event: "recording.completed", eventTs: milliseconds(now), payload: Payload(
            accountId: accountID, object: recordingObject(recording, files: recording.files, downloadBase: downloadBase)),
            downloadToken: token)
    }

    /// The recording object for `files` of `recording`, with download URLs under `downloadBase`.
    static func recordingObject(_ recording: SimRecording, files: [SimRecordingFile], downloadBase: String,
                                downloadAccessToken: String? = nil) -> RecordingObject {
        let entries = files.map { file in
            RecordingFile(id: file.id, meetingId: recording.meetingUuid, recordingStart: timestamp(recording.start),
                          recordingEnd: timestamp(recording.end), fileType: file.fileType,
                          fileExtension: file.fileExtension, fileSize: file.fileSize,
                          playUrl: "\(downloadBase)/rec/play/\(file.id)",
                          downloadUrl: "\(downloadBase)/rec/download/\(file.id)", status: "completed",
                          recordingType: file.recordingType)
        }
        return RecordingObject(
            id: recording.meetingId, uuid: recording.meetingUuid, hostId: recording.hostId, accountId: accountID,
            topic: recording.topic, type: recording.type, startTime: timestamp(recording.start),
            timezone: recording.timezone, hostEmail: recording.hostEmail, duration: recording.duration,
            totalSize: files.reduce(0) { $0 + $1.fileSize }, recordingCount: files.count,
            shareUrl: "\(downloadBase)/rec/share/\(recording.meetingId)", password: recording.password,
            recordingFiles: entries, downloadAccessToken: downloadAccessToken)
    }

    private static func startTime(_ meeting: SimZoomMeeting, now: Date) -> String {
        meeting.startTime ?? timestamp(now.addingTimeInterval(-Double((meeting.duration ?? 60) * 60)))
    }

    private static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    private static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }
}
