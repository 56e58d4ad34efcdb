import Foundation
import LecternCore
import LecternCrypto
import LecternStore

/// The opaque `cursor` of the lesson list: the last lesson's start (microseconds) and id.
enum LessonCursor {
    static func text(start: Date, id: Int64) -> String {
        let micros = Int64((start.timeIntervalSince1970 * 1_000_000).rounded())
        return Base64URL.encode(Array("\(micros).\(id)".utf8))
    }

    static func parse(_ text: String?) throws -> LessonRepository.Cursor? {
        guard let text else { return nil }
        let invalid = APIError.badRequest("cursor: not a cursor this list made.")
        guard let bytes = Base64URL.decode(text) else { throw invalid }
        let parts = String(decoding: bytes, as: UTF8.self).split(separator: ".")
        guard parts.count == 2, let micros = Int64(parts[0]), let id = Int64(parts[1]) else { throw invalid }
        let start = Date(timeIntervalSince1970: TimeInterval(micros) / 1_000_000)
        // Every lesson starts within the stored years; a start outside them is no cursor of ours.
        guard start >= InputBounds.earliestInstant, start <= InputBounds.latestInstant else { throw invalid }
        return LessonRepository.Cursor(start: start, id: id)
    }
}
