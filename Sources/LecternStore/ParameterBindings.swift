import CMariaDB

/// The `MYSQL_BIND` array for one execution's parameters, and the memory it points into,
/// which must outlive `mysql_stmt_execute`.
final class ParameterBindings {
    let binds: UnsafeMutablePointer<MYSQL_BIND>
    private let count: Int
    private let lengths: UnsafeMutablePointer<UInt>
    private var buffers: [UnsafeMutableRawPointer] = []

    init(_ values: [SQLValue]) {
        count = values.count
        binds = .allocate(capacity: max(count, 1))
        binds.initialize(repeating: MYSQL_BIND(), count: max(count, 1))
        lengths = .allocate(capacity: max(count, 1))
        lengths.initialize(repeating: 0, count: max(count, 1))
        for (index, value) in values.enumerated() {
            switch value {
            case .null:
                binds[index].buffer_type = MYSQL_TYPE_NULL
            case .int(let number):
                store(number, at: index, type: MYSQL_TYPE_LONGLONG)
            case .double(let number):
                store(number, at: index, type: MYSQL_TYPE_DOUBLE)
            case .text(var text):
                text.withUTF8 { store(bytes: UnsafeRawBufferPointer($0), at: index, type: MYSQL_TYPE_STRING) }
            case .bytes(let bytes):
                bytes.withUnsafeBytes { store(bytes: $0, at: index, type: MYSQL_TYPE_BLOB) }
            case .date(let date):
                SQLTimestamp.formatted(date).withUnsafeBytes { store(bytes: $0, at: index, type: MYSQL_TYPE_STRING) }
            }
        }
    }

    deinit {
        buffers.forEach { $0.deallocate() }
        lengths.deallocate()
        binds.deallocate()
    }

    private func store<T>(_ value: T, at index: Int, type: enum_field_types) {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: MemoryLayout<T>.size,
                                                      alignment: MemoryLayout<T>.alignment)
        buffer.storeBytes(of: value, as: T.self)
        buffers.append(buffer)
        binds[index].buffer_type = type
        binds[index].buffer = buffer
    }

    private func store(bytes: UnsafeRawBufferPointer, at index: Int, type: enum_field_types) {
        // One spare byte so an empty value still has a valid, non-null buffer.
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: bytes.count + 1, alignment: 1)
        if let base = bytes.baseAddress { buffer.copyMemory(from: base, byteCount: bytes.count) }
        buffers.append(buffer)
        lengths[index] = UInt(bytes.count)
        binds[index].buffer_type = type
        binds[index].buffer = buffer
        binds[index].buffer_length = UInt(bytes.count)
        binds[index].length = lengths + index
    }
}
