import Foundation

/// What `lectern zoom2drive` found in Zoom, per user and in total (SPEC §9): meetings with
/// something to move, their transferable files (completed, of `LECTERN_FILE_TYPES`) and bytes.
public struct BulkCopyInventory: Sendable, Equatable {
    /// One user's line of the listing.
    public struct UserTally: Sendable, Equatable, Encodable {
        public var email: String
        public var meetings: Int
        public var files: Int
        public var bytes: Int64

        public init(email: String, meetings: Int = 0, files: Int = 0, bytes: Int64 = 0) {
            self.email = email
            self.meetings = meetings
            self.files = files
            self.bytes = bytes
        }
    }

    /// The listing's last line.
    public struct Totals: Sendable, Equatable, Encodable {
        public var users: Int
        public var meetings: Int
        public var files: Int
        public var bytes: Int64
    }

    public let fileTypes: [String]
    /// Users in the order they were added, each once.
    public private(set) var users: [UserTally] = []
    /// Every transferable file, each once, in the order found.
    public private(set) var files: [BulkCopyFile] = []
    private var seenFiles: Set<String> = []

    public init(fileTypes: [String]) {
        self.fileTypes = fileTypes
    }

    /// Adds a user (listed even when nothing of theirs is to be moved) and the meetings found
    /// for them. A file already counted (listed twice by overlapping pages) is not counted again.
    public mutating func add(user email: String, meetings: [WebhookRecordings]) {
        var tally = UserTally(email: email)
        for meeting in meetings {
            var counted = false
            for file in meeting.files where file.isTransferable(fileTypes: fileTypes) {
                guard seenFiles.insert(file.id).inserted else { continue }
                counted = true
                tally.files += 1
                tally.bytes += file.fileSize
                files.append(BulkCopyFile(
                    zoomFileID: file.id, userEmail: email, meetingUUID: meeting.meeting.key,
                    topic: meeting.meeting.topic ?? "", fileType: file.fileType, fileSize: file.fileSize,
                    recordingStart: file.recordingStart ?? meeting.meeting.startTime))
            }
            if counted { tally.meetings += 1 }
        }
        if let index = users.firstIndex(where: { $0.email.lowercased() == email.lowercased() }) {
            users[index].meetings += tally.meetings
            users[index].files += tally.files
            users[index].bytes += tally.bytes
        } else {
            users.append(tally)
        }
    }

    public var totals: Totals {
        Totals(users: users.count, meetings: users.reduce(0) { $0 + $1.meetings },
               files: users.reduce(0) { $0 + $1.files }, bytes: users.reduce(0) { $0 + $1.bytes })
    }

    /// The listing as aligned columns: a header, one line per user, the totals.
    public var table: [String] {
        let total = totals
        let rows = [["user", "meetings", "files", "size"]]
            + users.map { [$0.email, String($0.meetings), String($0.files), ByteSize.human($0.bytes)] }
            + [["total (\(total.users) \(total.users == 1 ? "user" : "users"))", String(total.meetings),
                String(total.files), ByteSize.human(total.bytes)]]
        let widths = (0..<4).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            // The email is left-aligned, the figures right-aligned.
            let cells = row.enumerated().map { column, text in
                let pad = String(repeating: " ", count: widths[column] - text.count)
                return column == 0 ? text + pad : pad + text
            }
            return cells.joined(separator: "  ")
        }
    }

    /// The listing as one JSON document: `{"from", "to", "file_types", "users": [{"email",
    /// "meetings", "files", "bytes"}], "totals": {"users", "meetings", "files", "bytes"}}`.
    public func json(range: DayRange) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(Document(from: range.from, to: range.to, fileTypes: fileTypes, users: users,
                                           totals: totals))
    }

    private struct Document: Encodable {
        var from: CalendarDay
        var to: CalendarDay
        var fileTypes: [String]
        var users: [UserTally]
        var totals: Totals

        enum CodingKeys: String, CodingKey {
            case from, to, users, totals
            case fileTypes = "file_types"
        }
    }
}
