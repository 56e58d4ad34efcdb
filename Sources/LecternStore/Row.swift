import Foundation

/// One result row. Every column arrives as text (or raw bytes for binary columns) and is
/// converted on access; a getter returns `nil` for SQL NULL, for a column the row lacks, and
/// for text that does not convert.
public struct Row: Sendable {
    /// Column names (or aliases) in select-list order.
    public let columns: [String]
    // Shared by every row of one result, so the copy costs nothing.
    private let positions: [String: Int]
    private let values: [[UInt8]?]

    init(columns: [String], positions: [String: Int], values: [[UInt8]?]) {
        self.columns = columns
        self.positions = positions
        self.values = values
    }

    /// The raw bytes of a column, exactly as stored (binary-safe).
    public func bytes(_ column: String) -> [UInt8]? { raw(column) }
    /// The raw bytes of the column at `index`.
    public func bytes(_ index: Int) -> [UInt8]? { raw(index) }

    /// The column as UTF-8 text.
    public func string(_ column: String) -> String? { Row.string(raw(column)) }
    /// The column at `index` as UTF-8 text.
    public func string(_ index: Int) -> String? { Row.string(raw(index)) }

    /// The column as a 64-bit integer.
    public func int(_ column: String) -> Int64? { Row.string(raw(column)).flatMap { Int64($0) } }
    /// The column at `index` as a 64-bit integer.
    public func int(_ index: Int) -> Int64? { Row.string(raw(index)).flatMap { Int64($0) } }

    /// The column as a Swift `Int`.
    public func intValue(_ column: String) -> Int? { Row.string(raw(column)).flatMap { Int($0) } }
    /// The column at `index` as a Swift `Int`.
    public func intValue(_ index: Int) -> Int? { Row.string(raw(index)).flatMap { Int($0) } }

    /// The column as a boolean: `0` is false, any other integer true.
    public func bool(_ column: String) -> Bool? { int(column).map { $0 != 0 } }
    /// The column at `index` as a boolean.
    public func bool(_ index: Int) -> Bool? { int(index).map { $0 != 0 } }

    /// The column as a floating-point number.
    public func double(_ column: String) -> Double? { Row.string(raw(column)).flatMap { Double($0) } }
    /// The column at `index` as a floating-point number.
    public func double(_ index: Int) -> Double? { Row.string(raw(index)).flatMap { Double($0) } }

    /// A DATETIME, TIMESTAMP or DATE column read as UTC.
    public func date(_ column: String) -> Date? { Row.string(raw(column)).flatMap(SQLTimestamp.parse) }
    /// The column at `index` as a UTC date.
    public func date(_ index: Int) -> Date? { Row.string(raw(index)).flatMap(SQLTimestamp.parse) }

    /// Whether the column is SQL NULL (or absent from the row).
    public func isNull(_ column: String) -> Bool { raw(column) == nil }
    /// Whether the column at `index` is SQL NULL (or out of range).
    public func isNull(_ index: Int) -> Bool { raw(index) == nil }

    private func raw(_ column: String) -> [UInt8]? {
        positions[column].flatMap { values[$0] }
    }

    private func raw(_ index: Int) -> [UInt8]? {
        values.indices.contains(index) ? values[index] : nil
    }

    private static func string(_ bytes: [UInt8]?) -> String? {
        bytes.map { String(decoding: $0, as: UTF8.self) }
    }
}
