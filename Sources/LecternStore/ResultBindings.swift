import CMariaDB

/// Output buffers for one result set, each column fetched in its binary form: integers as
/// 64-bit integers, floating point as doubles, dates and times as `MYSQL_TIME`, everything
/// else as text into a buffer sized from the column metadata (longer values are re-read
/// whole with `mysql_stmt_fetch_column`). Nothing is turned into text and parsed back.
final class ResultBindings {
    let binds: UnsafeMutablePointer<MYSQL_BIND>
    let kinds: [ResultStorage.Kind]
    private let count: Int
    private let lengths: UnsafeMutablePointer<UInt>
    private let nulls: UnsafeMutablePointer<my_bool>
    private let errors: UnsafeMutablePointer<my_bool>
    private var buffers: [UnsafeMutableRawPointer] = []

    // Big enough for short strings; TEXT/BLOB metadata claims up to 4 GiB.
    private static let minimumCapacity = 32
    private static let maximumCapacity = 4096

    init(fields: UnsafeMutablePointer<MYSQL_FIELD>, count: Int) {
        self.count = count
        binds = .allocate(capacity: count)
        binds.initialize(repeating: MYSQL_BIND(), count: count)
        lengths = .allocate(capacity: count)
        lengths.initialize(repeating: 0, count: count)
        nulls = .allocate(capacity: count)
        nulls.initialize(repeating: 0, count: count)
        errors = .allocate(capacity: count)
        errors.initialize(repeating: 0, count: count)
        var kinds: [ResultStorage.Kind] = []
        kinds.reserveCapacity(count)
        for index in 0..<count {
            let field = fields[index]
            let kind = Self.kind(of: field)
            kinds.append(kind)
            let capacity: Int
            switch kind {
            case .integer, .unsignedInteger:
                capacity = MemoryLayout<Int64>.size
                binds[index].buffer_type = MYSQL_TYPE_LONGLONG
                binds[index].is_unsigned = kind == .unsignedInteger ? 1 : 0
            case .double:
                capacity = MemoryLayout<Double>.size
                binds[index].buffer_type = MYSQL_TYPE_DOUBLE
            case .date, .dateTime, .time:
                capacity = MemoryLayout<MYSQL_TIME>.size
                binds[index].buffer_type = kind == .time ? MYSQL_TYPE_TIME
                    : kind == .date(fractionDigits: 0) ? MYSQL_TYPE_DATE : MYSQL_TYPE_DATETIME
            case .bytes:
                let declared = Int(clamping: field.length)
                capacity = min(max(declared, Self.minimumCapacity), Self.maximumCapacity)
                binds[index].buffer_type = MYSQL_TYPE_STRING
            }
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
            buffers.append(buffer)
            binds[index].buffer = buffer
            binds[index].buffer_length = UInt(capacity)
            binds[index].length = lengths + index
            binds[index].is_null = nulls + index
            binds[index].error = errors + index
        }
        self.kinds = kinds
    }

    deinit {
        buffers.forEach { $0.deallocate() }
        errors.deallocate()
        nulls.deallocate()
        lengths.deallocate()
        binds.deallocate()
    }

    private static func kind(of field: MYSQL_FIELD) -> ResultStorage.Kind {
        switch field.type {
        case MYSQL_TYPE_TINY, MYSQL_TYPE_SHORT, MYSQL_TYPE_INT24, MYSQL_TYPE_LONG, MYSQL_TYPE_LONGLONG, MYSQL_TYPE_YEAR:
            return field.flags & UInt32(UNSIGNED_FLAG) != 0 ? .unsignedInteger : .integer
        case MYSQL_TYPE_FLOAT, MYSQL_TYPE_DOUBLE:
            return .double
        case MYSQL_TYPE_DATE, MYSQL_TYPE_NEWDATE:
            return .date(fractionDigits: 0)
        case MYSQL_TYPE_DATETIME, MYSQL_TYPE_TIMESTAMP:
            return .dateTime(fractionDigits: min(Int(field.decimals), 6))
        case MYSQL_TYPE_TIME:
            return .time
        default:
            return .bytes
        }
    }

    /// Appends the current row's cells to `storage`, after a successful `mysql_stmt_fetch`.
    func append(to storage: inout ResultStorage.Builder, of statement: UnsafeMutablePointer<MYSQL_STMT>) throws {
        for index in 0..<count {
            if nulls[index] != 0 {
                storage.append(.null)
                continue
            }
            let buffer = binds[index].buffer!
            switch kinds[index] {
            case .integer, .unsignedInteger:
                storage.append(.init(payload: buffer.load(as: Int64.self), length: 0))
            case .double:
                storage.append(.init(payload: Int64(bitPattern: buffer.load(as: Double.self).bitPattern), length: 0))
            case .date, .dateTime:
                storage.append(.init(payload: SQLTimestamp.microseconds(buffer.load(as: MYSQL_TIME.self)), length: 0))
            case .time:
                storage.append(.init(payload: SQLTimestamp.microsecondsIntoDay(buffer.load(as: MYSQL_TIME.self)), length: 0))
            case .bytes:
                let length = Int(lengths[index])
                if length <= Int(binds[index].buffer_length) {
                    storage.append(bytes: UnsafeRawBufferPointer(start: buffer, count: length))
                } else {
                    try fetchWhole(column: index, length: length, of: statement).withUnsafeBytes { storage.append(bytes: $0) }
                }
            }
        }
    }

    private func fetchWhole(column: Int, length: Int,
                            of statement: UnsafeMutablePointer<MYSQL_STMT>) throws -> [UInt8] {
        var value = [UInt8](repeating: 0, count: length)
        var fetched: UInt = 0
        var isNull: my_bool = 0
        var truncated: my_bool = 0
        let status = value.withUnsafeMutableBytes { target in
            withUnsafeMutablePointer(to: &fetched) { fetchedPointer in
                withUnsafeMutablePointer(to: &isNull) { nullPointer in
                    withUnsafeMutablePointer(to: &truncated) { truncatedPointer in
                        var bind = MYSQL_BIND()
                        bind.buffer_type = MYSQL_TYPE_STRING
                        bind.buffer = target.baseAddress
                        bind.buffer_length = UInt(length)
                        bind.length = fetchedPointer
                        bind.is_null = nullPointer
                        bind.error = truncatedPointer
                        return mysql_stmt_fetch_column(statement, &bind, UInt32(column), 0)
                    }
                }
            }
        }
        guard status == 0 else { throw StatementFailure(statement: statement) }
        return value
    }
}
