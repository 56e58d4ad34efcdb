import LecternCrypto

/// The bytes of an emulated recording file, derived from its id alone, so every download of the
/// same file (and every resumed range of it) gets the same bytes, at any size, without storing them.
///
/// A 64 KiB seed comes from chaining SHA-256 over the id; the byte at offset `o` is
/// `seed[o % 65536] ^ UInt8(truncatingIfNeeded: o / 65536)`, so consecutive blocks differ and
/// producing a block is a copy plus a word-wide XOR.
struct SimFileContent: Sendable {
    static let blockSize = 65_536
    private let seed: [UInt8]

    init(fileID: String) {
        var seed: [UInt8] = []
        seed.reserveCapacity(Self.blockSize)
        var digest = Digest.sha256(Array(fileID.utf8))
        while seed.count < Self.blockSize {
            seed += digest
            digest = Digest.sha256(digest)
        }
        self.seed = seed
    }

    /// Fills `buffer` with the content from `offset` on.
    func fill(_ buffer: UnsafeMutableRawBufferPointer, at offset: Int64) {
        guard let destination = buffer.baseAddress else { return }
        seed.withUnsafeBytes { seedBytes in
            let source = seedBytes.baseAddress!
            var written = 0
            while written < buffer.count {
                let position = offset + Int64(written)
                let inBlock = Int(position % Int64(Self.blockSize))
                let length = min(Self.blockSize - inBlock, buffer.count - written)
                let target = destination + written
                target.copyMemory(from: source + inBlock, byteCount: length)
                Self.xor(target, length, with: UInt8(truncatingIfNeeded: position / Int64(Self.blockSize)))
                written += length
            }
        }
    }

    /// Bytes `start..<end` as a body that is generated while it is sent.
    func stream(from start: Int64 = 0, upTo end: Int64) -> SimBodyStream {
        SimBodyStream(count: end - start) { offset, buffer in fill(buffer, at: start + offset) }
    }

    /// Lower-case hex MD5 of the first `size` bytes, generated a megabyte at a time.
    func md5(size: Int64) -> String {
        let stream = MD5Stream()
        let chunk = 1 << 20
        var buffer = [UInt8](repeating: 0, count: chunk)
        var offset: Int64 = 0
        while offset < size {
            let length = Int(min(Int64(chunk), size - offset))
            buffer.withUnsafeMutableBytes { raw in
                let piece = UnsafeMutableRawBufferPointer(rebasing: raw[0..<length])
                fill(piece, at: offset)
                stream.update(UnsafeRawBufferPointer(piece))
            }
            offset += Int64(length)
        }
        return stream.finalizeHex()
    }

    /// XORs `length` bytes at `pointer` with `mask`, eight at a time.
    private static func xor(_ pointer: UnsafeMutableRawPointer, _ length: Int, with mask: UInt8) {
        guard mask != 0 else { return }
        let wide = UInt64(mask) &* 0x0101_0101_0101_0101
        var index = 0
        while index + 8 <= length {
            let word = pointer.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            pointer.storeBytes(of: word ^ wide, toByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < length {
            pointer.storeBytes(of: pointer.load(fromByteOffset: index, as: UInt8.self) ^ mask, toByteOffset: index, as: UInt8.self)
            index += 1
        }
    }
}
