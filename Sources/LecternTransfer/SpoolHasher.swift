import Foundation
import LecternCrypto

/// The MD5 of a spool file as its download writes it, computed on a thread of its own that
/// follows the writer through the file: hashing on the download's thread held it to a half of
/// curl's pace (SPEC §8). It always starts at the file's first byte, so the prefix a resumed
/// download keeps counts too.
///
/// The writer tells it how far the file is written (``follow(to:)``), going back before it
/// truncates; bytes read while the writer went back are discarded, and bytes hashed past the
/// point it went back to are hashed again from the start. It tells `progress` how far the file
/// is written and hashed, which is as far as the upload may send (SPEC §8).
final class SpoolHasher {
    private struct Span {
        var offset: Int64
        var length: Int
        var generation: Int
    }

    private let spool: SpoolFile
    private let bufferSize: Int
    /// Called under `condition`, so that a step back is never followed by a stale advance.
    private let progress: (Int64) -> Void
    private let condition = NSCondition()
    private let exited = DispatchGroup()
    // Under `condition`:
    private var written: Int64
    /// Counts the writer's steps back; a read begun in an earlier one is stale.
    private var generation = 0
    /// Bytes `0..<claimed` are hashed, or being hashed by the thread.
    private var claimed: Int64 = 0
    /// Bytes `0..<hashed` are in the MD5.
    private var hashed: Int64 = 0
    private var restart = false
    private var finishing = false
    private var stopped = false
    private var failure: Error?
    /// The thread's alone until it exits.
    private var md5 = MD5Stream()

    /// Starts hashing `spool`, of which `written` bytes are there already.
    init(spool: SpoolFile, written: Int64, bufferSize: Int, progress: @escaping (Int64) -> Void = { _ in }) {
        self.spool = spool
        self.progress = progress
        self.written = written
        self.bufferSize = max(bufferSize, 1)
        exited.enter()
        let thread = Thread { [self] in
            defer { exited.leave() }
            do {
                try run()
            } catch {
                condition.lock()
                failure = error
                condition.unlock()
            }
        }
        thread.name = "md5"
        thread.start()
    }

    /// Bytes `0..<length` are in the file: call after writing them, and before truncating
    /// when the writer goes back.
    func follow(to length: Int64) {
        condition.lock()
        if length < written {
            generation += 1
            if length < claimed { restart = true }
            hashed = restart ? 0 : min(hashed, length)
            progress(hashed)
        }
        written = length
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until everything written is hashed; the size and the hex MD5.
    func finish() throws -> (size: Int64, md5: String) {
        condition.lock()
        finishing = true
        condition.broadcast()
        condition.unlock()
        exited.wait()
        condition.lock()
        defer { condition.unlock() }
        if let failure { throw failure }
        return (written, md5.finalizeHex())
    }

    /// Bytes hashed, or being hashed, so far (tests wait on it).
    var claimedBytes: Int64 {
        condition.lock()
        defer { condition.unlock() }
        return claimed
    }

    /// Stops the thread (the download failed) and waits until it no longer reads the file.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
        exited.wait()
    }

    private func run() throws {
        var buffer = [UInt8](repeating: 0, count: bufferSize)
        while let span = nextSpan() {
            let count = try buffer.withUnsafeMutableBytes {
                try spool.read(at: span.offset, into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<span.length]))
            }
            guard try claim(span, count: count) else { continue }
            buffer.withUnsafeBytes { md5.update(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            publish(span, count: count)
        }
    }

    /// The next bytes to read, once there are; `nil` when all is hashed and the writer is
    /// done, or stopped.
    private func nextSpan() -> Span? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if stopped { return nil }
            if restart {
                md5 = MD5Stream()
                claimed = 0
                hashed = 0
                restart = false
            }
            if claimed < written {
                return Span(offset: claimed, length: Int(min(Int64(bufferSize), written - claimed)),
                            generation: generation)
            }
            if finishing { return nil }
            condition.wait()
        }
    }

    /// Whether the bytes read for `span` are still the file's; they are then claimed as
    /// hashed, before hashing them, so that the writer going back below them restarts.
    private func claim(_ span: Span, count: Int) throws -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard span.generation == generation else { return false }
        // The writer said these bytes are there and has not gone back since.
        guard count == span.length else { throw TransferError.spoolShort }
        claimed = span.offset + Int64(count)
        return true
    }

    /// The span is in the MD5: the upload may send it, unless the writer went back meanwhile.
    private func publish(_ span: Span, count: Int) {
        condition.lock()
        defer { condition.unlock() }
        guard span.generation == generation, !restart else { return }
        hashed = span.offset + Int64(count)
        progress(hashed)
    }
}
