import Foundation
import LecternCore

extension ZoomMeetingRecordings {
    /// The meeting and its files in the shape a `recording.completed` event gives them, so
    /// that listed recordings enter the pipeline exactly as announced ones do. The listing
    /// carries no download token: the pipeline asks for fresh links when it gets to them.
    public var intake: WebhookRecordings {
        let meeting = WebhookMeeting(id: id.map(String.init), uuid: uuid, topic: topic, hostID: hostId,
                                     hostEmail: hostEmail, timezone: timezone, startTime: Self.date(startTime))
        let files = (recordingFiles ?? []).map { file in
            WebhookRecordingFile(id: file.id, fileType: file.fileType ?? "", fileExtension: file.fileExtension ?? "",
                                 recordingType: file.recordingType, fileSize: file.fileSize ?? 0,
                                 recordingStart: Self.date(file.recordingStart), recordingEnd: Self.date(file.recordingEnd),
                                 downloadURL: file.downloadUrl, status: file.status)
        }
        return WebhookRecordings(meeting: meeting, downloadToken: nil, files: files)
    }

    static func date(_ text: String?) -> Date? {
        text.flatMap { try? Date($0, strategy: .iso8601) }
    }
}
