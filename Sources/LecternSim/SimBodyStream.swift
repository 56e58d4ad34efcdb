/// A response body of `count` bytes produced piece by piece as it is sent, so that a 2 GiB
/// download never sits in memory. The generator must be cheap and thread-safe: it runs on the
/// connection's event loop.
public struct SimBodyStream: Sendable {
    /// The body's length in bytes.
    public let count: Int64
    private let generate: @Sendable (Int64, UnsafeMutableRawBufferPointer) -> Void

    /// - Parameter generate: fills the buffer with the body's bytes starting at the offset.
    public init(count: Int64, generate: @escaping @Sendable (_ offset: Int64, _ into: UnsafeMutableRawBufferPointer) -> Void) {
        self.count = count
        self.generate = generate
    }

    /// A body held in memory, streamed like a generated one.
    init(bytes: [UInt8]) {
        self.init(count: Int64(bytes.count)) { offset, buffer in
            bytes.withUnsafeBytes { source in
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[Int(offset)..<Int(offset) + buffer.count]))
            }
        }
    }

    /// Fills `buffer` with the bytes at `offset` on; `offset + buffer.count` must not pass ``count``.
    public func fill(_ buffer: UnsafeMutableRawBufferPointer, at offset: Int64) {
        precondition(offset >= 0 && offset + Int64(buffer.count) <= count, "read past the end of a streamed body")
        generate(offset, buffer)
    }

    /// `length` bytes from `offset` (at most to the end), as an array.
    public func bytes(at offset: Int64 = 0, count length: Int) -> [UInt8] {
        let available = Int(max(0, min(Int64(length), count - offset)))
        return [UInt8](unsafeUninitializedCapacity: available) { buffer, initialized in
            fill(UnsafeMutableRawBufferPointer(buffer), at: offset)
            initialized = available
        }
    }
}
