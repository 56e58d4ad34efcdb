import Foundation

/// A statement parameter. Always bound through the prepared-statement API, never spliced
/// into SQL text.
public enum SQLValue: Sendable, Equatable {
    case null
    case int(Int64)
    case double(Double)
    case text(String)
    /// Raw bytes for BLOB/BINARY columns.
    case bytes([UInt8])
    /// Bound as UTC text `YYYY-MM-DD HH:MM:SS.ffffff` (the session time zone is UTC).
    case date(Date)

    /// An `Int`, for the common case of Swift-side counters and ids.
    public static func int(_ value: Int) -> SQLValue { .int(Int64(value)) }

    /// `1` or `0`, as MariaDB stores `BOOLEAN`.
    public static func bool(_ value: Bool) -> SQLValue { .int(value ? 1 : 0) }

    /// Text, or NULL when `nil`.
    public static func optional(_ value: String?) -> SQLValue { value.map(SQLValue.text) ?? .null }

    /// An integer, or NULL when `nil`.
    public static func optional(_ value: Int64?) -> SQLValue { value.map(SQLValue.int) ?? .null }

    /// An integer, or NULL when `nil`.
    public static func optional(_ value: Int?) -> SQLValue { value.map { .int(Int64($0)) } ?? .null }

    /// A timestamp, or NULL when `nil`.
    public static func optional(_ value: Date?) -> SQLValue { value.map(SQLValue.date) ?? .null }

    /// Bytes, or NULL when `nil`.
    public static func optional(_ value: [UInt8]?) -> SQLValue { value.map(SQLValue.bytes) ?? .null }
}
