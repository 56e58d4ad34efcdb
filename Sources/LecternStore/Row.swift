import Foundation
import LecternCore

/// One result row, a view into its result's storage. Columns arrive in their binary form
/// (integers, doubles, `MYSQL_TIME`) or as text; each getter converts what it can.
///
/// The optional getters (`int`, `string`, `date` …) return `nil` for SQL NULL, for a column
/// the row lacks and for a value that does not convert. Row mappers use the `required…`
/// getters for the columns a record cannot do without: they throw ``RowDecodingError``
/// naming the column, so that a row that does not decode fails loudly instead of vanishing.
public struct Row: Sendable {
    private let result: ResultStorage
    private let index: Int

    init(_ result: ResultStorage, index: Int) {
        self.result = result
        self.index = index
    }

    /// Column names (or aliases) in select-list order.
    public var columns: [String] { result.columns }

    /// The raw bytes of a column (binary-safe); a number or date as the server's text.
    public func bytes(_ column: String) -> [UInt8]? { position(column).flatMap(bytes) }
    /// The raw bytes of the column at `index`.
    public func bytes(_ index: Int) -> [UInt8]? {
        guard let (cell, kind) = value(index) else { return nil }
        if kind == .bytes { return result.withBytes(of: cell) { Array($0) } }
        return string(index).map { Array($0.utf8) }
    }

    /// The column as UTF-8 text (numbers and dates as the server writes them).
    public func string(_ column: String) -> String? { position(column).flatMap(string) }
    /// The column at `index` as UTF-8 text.
    public func string(_ index: Int) -> String? {
        guard let (cell, kind) = value(index) else { return nil }
        switch kind {
        case .bytes: return result.withBytes(of: cell) { String(decoding: $0, as: UTF8.self) }
        case .integer: return String(cell.payload)
        case .unsignedInteger: return String(UInt64(bitPattern: cell.payload))
        case .double: return String(Double(bitPattern: UInt64(bitPattern: cell.payload)))
        case .date: return String(decoding: SQLTimestamp.text(microseconds: cell.payload, fractionDigits: -1), as: UTF8.self)
        case .dateTime(let digits):
            return String(decoding: SQLTimestamp.text(microseconds: cell.payload, fractionDigits: digits), as: UTF8.self)
        case .time: return SQLTimestamp.timeText(microsecondsIntoDay: cell.payload)
        }
    }

    /// The column as a 64-bit integer.
    public func int(_ column: String) -> Int64? { position(column).flatMap(int) }
    /// The column at `index` as a 64-bit integer.
    public func int(_ index: Int) -> Int64? {
        guard let (cell, kind) = value(index) else { return nil }
        switch kind {
        case .integer: return cell.payload
        case .unsignedInteger: return cell.payload >= 0 ? cell.payload : nil
        case .double: return Int64(exactly: Double(bitPattern: UInt64(bitPattern: cell.payload)))
        case .bytes: return result.withBytes(of: cell) { Int64(String(decoding: $0, as: UTF8.self)) }
        case .date, .dateTime, .time: return nil
        }
    }

    /// The column as a Swift `Int`.
    public func intValue(_ column: String) -> Int? { int(column).flatMap { Int(exactly: $0) } }
    /// The column at `index` as a Swift `Int`.
    public func intValue(_ index: Int) -> Int? { int(index).flatMap { Int(exactly: $0) } }

    /// The column as a boolean: `0` is false, any other integer true.
    public func bool(_ column: String) -> Bool? { int(column).map { $0 != 0 } }
    /// The column at `index` as a boolean.
    public func bool(_ index: Int) -> Bool? { int(index).map { $0 != 0 } }

    /// The column as a floating-point number.
    public func double(_ column: String) -> Double? { position(column).flatMap(double) }
    /// The column at `index` as a floating-point number.
    public func double(_ index: Int) -> Double? {
        guard let (cell, kind) = value(index) else { return nil }
        switch kind {
        case .double: return Double(bitPattern: UInt64(bitPattern: cell.payload))
        case .integer: return Double(cell.payload)
        case .unsignedInteger: return Double(UInt64(bitPattern: cell.payload))
        case .bytes: return result.withBytes(of: cell) { Double(String(decoding: $0, as: UTF8.self)) }
        case .date, .dateTime, .time: return nil
        }
    }

    /// A DATETIME, TIMESTAMP or DATE column read as UTC.
    public func date(_ column: String) -> Date? { position(column).flatMap(date) }
    /// The column at `index` as a UTC date.
    public func date(_ index: Int) -> Date? {
        guard let (cell, kind) = value(index) else { return nil }
        switch kind {
        case .date, .dateTime: return SQLTimestamp.date(microseconds: cell.payload)
        case .bytes: return result.withBytes(of: cell) { SQLTimestamp.parse(String(decoding: $0, as: UTF8.self)) }
        case .integer, .unsignedInteger, .double, .time: return nil
        }
    }

    /// A DATE column as a calendar day.
    public func day(_ column: String) -> CalendarDay? { position(column).flatMap(day) }
    /// The column at `index` as a calendar day.
    public func day(_ index: Int) -> CalendarDay? {
        guard let (cell, kind) = value(index) else { return nil }
        switch kind {
        case .date, .dateTime: return CalendarDay(dayNumber: SQLTimestamp.dayNumber(microseconds: cell.payload))
        case .bytes: return result.withBytes(of: cell) { CalendarDay(parsing: String(decoding: $0, as: UTF8.self)) }
        case .integer, .unsignedInteger, .double, .time: return nil
        }
    }

    /// A TIME column holding a time of day, to the minute.
    public func localTime(_ column: String) -> LocalTime? { position(column).flatMap(localTime) }
    /// The column at `index` as a time of day.
    public func localTime(_ index: Int) -> LocalTime? {
        guard let (cell, kind) = value(index), kind == .time, cell.payload >= 0 else { return nil }
        let minutes = Int(cell.payload / 60_000_000)
        return LocalTime(hour: minutes / 60, minute: minutes % 60)
    }

    /// Whether the column is SQL NULL (or absent from the row).
    public func isNull(_ column: String) -> Bool { position(column).map(isNull) ?? true }
    /// Whether the column at `index` is SQL NULL (or out of range).
    public func isNull(_ index: Int) -> Bool { value(index) == nil }

    // MARK: required values

    /// A column that must be present, not NULL and an integer.
    public func requiredInt(_ column: String) throws -> Int64 { try required(column, "an integer", int) }
    public func requiredIntValue(_ column: String) throws -> Int { try required(column, "an integer", intValue) }
    public func requiredBool(_ column: String) throws -> Bool { try required(column, "a boolean", bool) }
    public func requiredString(_ column: String) throws -> String { try required(column, "text", string) }
    public func requiredDate(_ column: String) throws -> Date { try required(column, "a timestamp", date) }
    public func requiredDay(_ column: String) throws -> CalendarDay { try required(column, "a date", day) }
    public func requiredLocalTime(_ column: String) throws -> LocalTime { try required(column, "a time of day", localTime) }

    /// A text column holding one of `Value`'s raw values (an ENUM column and its Swift enum).
    public func required<Value: RawRepresentable>(_ column: String, as type: Value.Type) throws -> Value
    where Value.RawValue == String {
        let text = try requiredString(column)
        guard let value = Value(rawValue: text) else {
            throw RowDecodingError(column: column, problem: "'\(text)' is not a \(Value.self)")
        }
        return value
    }

    /// A `GROUP_CONCAT` of ids, `1,2,3`; NULL (no rows) is empty.
    public func idList(_ column: String) throws -> [Int64] {
        guard let text = string(column), !text.isEmpty else { return [] }
        return try text.split(separator: ",").map { part in
            guard let id = Int64(part) else { throw RowDecodingError(column: column, problem: "'\(part)' is not an id") }
            return id
        }
    }

    /// A text column that is NULL or one of `Value`'s raw values.
    public func optional<Value: RawRepresentable>(_ column: String, as type: Value.Type) throws -> Value?
    where Value.RawValue == String {
        guard !isNull(column) else { return nil }
        return try required(column, as: type)
    }

    private func required<Value>(_ column: String, _ expected: String, _ read: (Int) -> Value?) throws -> Value {
        guard let position = position(column) else {
            throw RowDecodingError(column: column, problem: "the result has no such column")
        }
        guard !isNull(position) else { throw RowDecodingError(column: column, problem: "is NULL") }
        guard let value = read(position) else { throw RowDecodingError(column: column, problem: "is not \(expected)") }
        return value
    }

    // MARK: cells

    private func position(_ column: String) -> Int? {
        result.position(of: column)
    }

    private func value(_ column: Int) -> (ResultStorage.Cell, ResultStorage.Kind)? {
        guard column >= 0, column < result.columns.count else { return nil }
        let cell = result.cell(row: index, column: column)
        return cell.isNull ? nil : (cell, result.kinds[column])
    }
}
