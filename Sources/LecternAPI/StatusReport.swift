import Foundation
import LecternCore
import LecternStore

/// The status page's figures as pretty JSON, for `lectern status`.
public enum StatusReport {
    public static func json(pool: PoolStatus?, db: Connection) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let snapshot = OperationsHandlers.snapshot(pool: pool, db: db)
        return (try? Array(encoder.encode(snapshot))) ?? []
    }
}
