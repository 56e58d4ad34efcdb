import Foundation

/// The byte-range headers of Drive's resumable upload protocol.
enum UploadRange {
    /// `Content-Range` of a chunk: `bytes first-last/total`.
    static func contentRange(offset: Int64, count: Int, total: Int64) -> String {
        "bytes \(offset)-\(offset + Int64(count) - 1)/\(total)"
    }

    /// `Content-Range` of a status query: `bytes */total`.
    static func statusQuery(total: Int64) -> String {
        "bytes */\(total)"
    }

    /// How many bytes a `308`'s `Range: bytes=0-n` says the server holds (`n + 1`); no header
    /// means none. `nil` when the header is malformed.
    static func received(fromRangeHeader header: String?) -> Int64? {
        guard let header else { return 0 }
        let text = header.trimmingCharacters(in: .whitespaces)
        guard text.hasPrefix("bytes=0-"), let last = Int64(text.dropFirst("bytes=0-".count)), last >= 0 else { return nil }
        return last + 1
    }
}
