/// The one mail a lesson's students get when a meeting's recording is on Drive (SPEC §8
/// step 4): one per student per meeting, listing every file that made it, whatever their number.
public struct RecordingReadyMail: Sendable, Equatable {
    /// A file of the meeting that is on Drive.
    public struct File: Sendable, Equatable {
        /// Zoom's `file_type` (`MP4`, `M4A`, `CHAT`, `TRANSCRIPT`, …).
        public var fileType: String
        public var link: String

        public init(fileType: String, link: String) {
            self.fileType = fileType
            self.link = link
        }
    }

    public var subject: String
    public var body: String

    /// Video first, then audio, transcript, chat, timeline and anything else, as given.
    public init(lessonTitle: String, files: [File]) {
        subject = "Recording of \"\(lessonTitle)\" is available"
        let ordered = files.enumerated().sorted { a, b in
            (Self.rank(a.element.fileType), a.offset) < (Self.rank(b.element.fileType), b.offset)
        }.map(\.element)
        let lines = ordered.map { "- \(Self.label($0.fileType)): \($0.link)" }
        body = (["The recording of \"\(lessonTitle)\" is on the school's Google Drive:"] + lines).joined(separator: "\n")
    }

    static func rank(_ fileType: String) -> Int {
        switch fileType.uppercased() {
        case "MP4": return 0
        case "M4A": return 1
        case "TRANSCRIPT", "CC": return 2
        case "CHAT": return 3
        case "TIMELINE": return 4
        default: return 5
        }
    }

    /// `Video (MP4)`, `Chat (CHAT)`, …: what a student looks for, and what Zoom calls it.
    static func label(_ fileType: String) -> String {
        let type = fileType.uppercased()
        let name: String
        switch type {
        case "MP4": name = "Video"
        case "M4A": name = "Audio"
        case "CHAT": name = "Chat"
        case "TRANSCRIPT", "CC": name = "Transcript"
        case "TIMELINE": name = "Timeline"
        default: name = "File"
        }
        return "\(name) (\(type))"
    }
}
