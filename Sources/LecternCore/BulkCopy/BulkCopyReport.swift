import Foundation

/// The end of a `lectern zoom2drive` transfer: how many files ended which way, and the
/// failed ones by name, so that an operator can look them up (SPEC §9).
public struct BulkCopyReport: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var file: BulkCopyFile
        public var result: BulkCopyResult
    }

    /// Files per result, and their bytes.
    public struct Totals: Sendable, Equatable, Encodable {
        public var files = 0
        public var bytes: Int64 = 0
        public var transferred = 0
        public var alreadyDone = 0
        public var doneElsewhere = 0
        public var gone = 0
        public var failed = 0

        enum CodingKeys: String, CodingKey {
            case files, bytes, transferred, gone, failed
            case alreadyDone = "already_done"
            case doneElsewhere = "done_elsewhere"
        }
    }

    public private(set) var entries: [Entry] = []

    public init() {}

    public mutating func add(_ file: BulkCopyFile, _ result: BulkCopyResult) {
        entries.append(Entry(file: file, result: result))
    }

    public var totals: Totals {
        var totals = Totals()
        for entry in entries {
            totals.files += 1
            totals.bytes += entry.file.fileSize
            switch entry.result {
            case .transferred: totals.transferred += 1
            case .alreadyDone: totals.alreadyDone += 1
            case .doneElsewhere: totals.doneElsewhere += 1
            case .gone: totals.gone += 1
            case .failed: totals.failed += 1
            }
        }
        return totals
    }

    public var failures: [(file: BulkCopyFile, reason: String)] {
        entries.compactMap { entry in
            if case .failed(let reason) = entry.result { return (entry.file, reason) }
            return nil
        }
    }

    /// `40 files (3.2 GiB): 35 transferred, 3 already on Drive, 1 gone from Zoom, 1 failed`,
    /// then one line per failed file: topic, file type, Zoom file id, last error.
    public var summary: [String] {
        let totals = self.totals
        let counts = [(totals.transferred, "transferred"), (totals.alreadyDone, "already on Drive"),
                      (totals.doneElsewhere, "copied by another process"), (totals.gone, "gone from Zoom"),
                      (totals.failed, "failed")].filter { $0.0 > 0 }
        let head = "\(totals.files) \(totals.files == 1 ? "file" : "files") (\(ByteSize.human(totals.bytes)))"
        let tally = counts.isEmpty ? "" : ": " + counts.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
        return [head + tally] + failures.map { failure in
            let topic = failure.file.topic.isEmpty ? "(no topic)" : failure.file.topic
            return "failed: \"\(topic)\" \(failure.file.fileType) file \(failure.file.zoomFileID) "
                + "(\(failure.file.userEmail)): \(failure.reason)"
        }
    }

    /// The report as one JSON document: `{"files": [{"zoom_file_id", "user", "topic",
    /// "file_type", "file_size", "result", "error"?}], "totals": {"files", "bytes",
    /// "transferred", "already_done", "done_elsewhere", "gone", "failed"}}`; `result` is one
    /// of the totals' names; `error` is there when the file is gone or failed.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let files = entries.map { entry -> FileJSON in
            let (name, error): (String, String?) = switch entry.result {
            case .transferred: ("transferred", nil)
            case .alreadyDone: ("already_done", nil)
            case .doneElsewhere: ("done_elsewhere", nil)
            case .gone(let reason): ("gone", reason)
            case .failed(let reason): ("failed", reason)
            }
            return FileJSON(zoomFileID: entry.file.zoomFileID, user: entry.file.userEmail, topic: entry.file.topic,
                            fileType: entry.file.fileType, fileSize: entry.file.fileSize, result: name, error: error)
        }
        return try encoder.encode(Document(files: files, totals: totals))
    }

    private struct Document: Encodable {
        var files: [FileJSON]
        var totals: Totals
    }

    private struct FileJSON: Encodable {
        var zoomFileID: String
        var user: String
        var topic: String
        var fileType: String
        var fileSize: Int64
        var result: String
        var error: String?

        enum CodingKeys: String, CodingKey {
            case user, topic, result, error
            case zoomFileID = "zoom_file_id"
            case fileType = "file_type"
            case fileSize = "file_size"
        }
    }
}
