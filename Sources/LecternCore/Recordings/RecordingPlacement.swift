import Foundation

/// Where a recording file is filed on Drive and under what name (SPEC §8): lesson
/// recordings go to `{group name}/{lesson title}`, those of events to `Events/{event title}`,
/// recordings of meetings unknown to Lectern
/// to `{host email}/{YYYY-MM}`; the file is `{topic} {local start YYYY-MM-DD HH.mm} {recording type}.{ext}`.
public struct RecordingPlacement: Sendable, Equatable {
    /// Folder names from the Drive root down, each non-empty.
    public var folderPath: [String]
    public var fileName: String
    public var mimeType: String

    /// Topics are cut to this many characters: long names broke the thesis' encrypted
    /// file system (ecryptfs), and Drive users cannot read them anyway.
    public static let maxTopicLength = 110

    /// The top folder of events' recordings.
    public static let eventsFolder = "Events"

    /// The lesson a meeting belongs to, as its recordings are filed.
    public struct Lesson: Sendable, Equatable {
        public var groupName: String
        public var title: String

        public init(groupName: String, title: String) {
            self.groupName = groupName
            self.title = title
        }
    }

    /// What the placement is computed from.
    public struct Subject: Sendable, Equatable {
        /// `nil` for a meeting unknown to Lectern.
        public var lesson: Lesson?
        /// The title of the provider's event the meeting is, if it is one.
        public var eventTitle: String?
        public var hostEmail: String?
        public var topic: String
        public var recordingStart: Date?
        public var recordingType: String?
        public var fileType: String
        public var fileExtension: String
        /// The zone the start is shown in: the lesson's, else the meeting's as Zoom gave it.
        public var timeZone: TimeZone

        public init(lesson: Lesson?, eventTitle: String? = nil, hostEmail: String?, topic: String, recordingStart: Date?,
                    recordingType: String?, fileType: String, fileExtension: String, timeZone: TimeZone) {
            self.lesson = lesson
            self.eventTitle = eventTitle
            self.hostEmail = hostEmail
            self.topic = topic
            self.recordingStart = recordingStart
            self.recordingType = recordingType
            self.fileType = fileType
            self.fileExtension = fileExtension
            self.timeZone = timeZone
        }
    }

    public init(_ subject: Subject) {
        let start = subject.recordingStart.map { LocalStamp(date: $0, zone: subject.timeZone) }
        if let lesson = subject.lesson {
            folderPath = [Self.folderName(lesson.groupName), Self.folderName(lesson.title)]
        } else if let event = subject.eventTitle {
            folderPath = [Self.eventsFolder, Self.folderName(event)]
        } else {
            let host = subject.hostEmail.map(Self.folderName) ?? ""
            folderPath = [host.isEmpty ? "unknown host" : host, start?.month ?? "undated"]
        }
        let topic = String(Self.cleaned(subject.topic).prefix(Self.maxTopicLength))
            .trimmingCharacters(in: .whitespaces)
        let parts = [topic.isEmpty ? "Zoom recording" : topic, start?.minute, subject.recordingType.map(Self.cleaned)]
        let stem = parts.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        let ext = Self.cleaned(subject.fileExtension).lowercased()
        fileName = ext.isEmpty ? stem : "\(stem).\(ext)"
        mimeType = Self.mimeType(fileType: subject.fileType, fileExtension: subject.fileExtension)
    }

    /// The MIME type Drive shows and previews the file as.
    public static func mimeType(fileType: String, fileExtension: String) -> String {
        switch (fileType.uppercased(), fileExtension.uppercased()) {
        case ("MP4", _), (_, "MP4"): return "video/mp4"
        case ("M4A", _), (_, "M4A"): return "audio/mp4"
        case ("TRANSCRIPT", _), ("CC", _), (_, "VTT"): return "text/vtt"
        case ("TIMELINE", _), (_, "JSON"): return "application/json"
        case ("CHAT", _), (_, "TXT"): return "text/plain"
        default: return "application/octet-stream"
        }
    }

    /// Control characters (newlines from a topic, say) become spaces; runs of spaces collapse.
    static func cleaned(_ text: String) -> String {
        let replaced = String(text.unicodeScalars.map { CharacterSet.controlCharacters.contains($0) ? " " : Character($0) })
        return replaced.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    /// A folder name: cleaned, and never empty (Drive would show an untitled folder).
    public static func folderName(_ text: String) -> String {
        let name = cleaned(text)
        return name.isEmpty ? "untitled" : name
    }

    /// A moment as the local month (`YYYY-MM`) and minute (`YYYY-MM-DD HH.mm`) in a zone.
    struct LocalStamp {
        var month: String
        var minute: String

        init(date: Date, zone: TimeZone) {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
            let year = String(format: "%04d", parts.year ?? 0)
            let month = String(format: "%02d", parts.month ?? 0)
            self.month = "\(year)-\(month)"
            self.minute = "\(year)-\(month)-" + String(format: "%02d %02d.%02d", parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0)
        }
    }
}
