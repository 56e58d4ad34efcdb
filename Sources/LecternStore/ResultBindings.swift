import CMariaDB

/// Output buffers for one result set: every column is fetched as text into a buffer sized
/// from the column metadata; longer values are re-read whole with `mysql_stmt_fetch_column`.
final class ResultBindings {
    let binds: UnsafeMutablePointer<MYSQL_BIND>
    private let count: Int
    private let lengths: UnsafeMutablePointer<UInt>
    private let nulls: UnsafeMutablePointer<my_bool>
    private let errors: UnsafeMutablePointer<my_bool>
    private var buffers: [UnsafeMutableRawPointer] = []

    // Big enough for numbers, dates and short strings; TEXT/BLOB metadata claims up to 4 GiB.
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
        for index in 0..<count {
            let declared = Int(clamping: fields[index].length)
            let capacity = min(max(declared, Self.minimumCapacity), Self.maximumCapacity)
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 1)
            buffers.append(buffer)
            binds[index].buffer_type = MYSQL_TYPE_STRING
            binds[index].buffer = buffer
            binds[index].buffer_length = UInt(capacity)
            binds[index].length = lengths + index
            binds[index].is_null = nulls + index
            binds[index].error = errors + index
        }
    }

    deinit {
        buffers.forEach { $0.deallocate() }
        errors.deallocate()
        nulls.deallocate()
        lengths.deallocate()
        binds.deallocate()
    }

    /// The current row's values, after a successful `mysql_stmt_fetch`.
    func values(of statement: UnsafeMutablePointer<MYSQL_STMT>) throws -> [[UInt8]?] {
        var row: [[UInt8]?] = []
        row.reserveCapacity(count)
        for index in 0..<count {
            if nulls[index] != 0 {
                row.append(nil)
                continue
            }
            let length = Int(lengths[index])
            if length <= Int(binds[index].buffer_length) {
                row.append(Array(UnsafeRawBufferPointer(start: binds[index].buffer, count: length)))
            } else {
                row.append(try fetchWhole(column: index, length: length, of: statement))
            }
        }
        return row
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
