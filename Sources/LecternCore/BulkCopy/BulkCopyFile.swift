import Foundation

/// One Zoom cloud recording file that `lectern zoom2drive` moves (SPEC §9).
public struct BulkCopyFile: Sendable, Equatable {
    public var zoomFileID: String
    /// The Zoom user whose recordings listed it.
    public var userEmail: String
    public var meetingUUID: String
    public var topic: String
    public var fileType: String
    public var fileSize: Int64
    public var recordingStart: Date?

    public init(zoomFileID: String, userEmail: String, meetingUUID: String, topic: String, fileType: String,
                fileSize: Int64, recordingStart: Date? = nil) {
        self.zoomFileID = zoomFileID
        self.userEmail = userEmail
        self.meetingUUID = meetingUUID
        self.topic = topic
        self.fileType = fileType
        self.fileSize = fileSize
        self.recordingStart = recordingStart
    }

    /// `Algebra 2025-01-15 MP4 (1.5 GiB)`: how progress lines and the summary name the file.
    public var label: String {
        let day = recordingStart.map { " " + CalendarDay(containing: $0, in: .gmt).description } ?? ""
        let topic = self.topic.isEmpty ? "(no topic)" : self.topic
        return "\(topic)\(day) \(fileType) (\(ByteSize.human(fileSize)))"
    }
}
