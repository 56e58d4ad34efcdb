import Foundation

/// How far a download has filled its spool file, as the upload reading it sees it (SPEC §8:
/// the upload overlaps the download). The download advances it as bytes are written and
/// hashed and ends it once the file proved complete (size and content type) with its MD5, or
/// with the error that stopped it; the upload waits on it before each chunk, and cancels it
/// when it gives up so that the download stops too.
final class SpoolFeed {
    /// A download that proved complete.
    struct Complete: Equatable {
        var size: Int64
        var md5: String
    }

    private let condition = NSCondition()
    private var hashed: Int64
    private var end: Result<Complete, Error>?
    private var cancelled = false

    init(hashed: Int64 = 0) {
        self.hashed = hashed
    }

    /// A spool file downloaded by an earlier attempt.
    static func complete(size: Int64, md5: String) -> SpoolFeed {
        let feed = SpoolFeed(hashed: size)
        feed.end = .success(Complete(size: size, md5: md5))
        return feed
    }

    /// Bytes `0..<length` are in the spool file and hashed (a restarted download may go back).
    func advance(to length: Int64) {
        condition.lock()
        hashed = length
        condition.broadcast()
        condition.unlock()
    }

    func finish(_ result: Result<Complete, Error>) {
        condition.lock()
        if end == nil { end = result }
        condition.broadcast()
        condition.unlock()
    }

    /// The upload gave up: the download should stop at its next bytes.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    var isCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled
    }

    /// Why the download ended badly, if it did.
    var failure: Error? {
        condition.lock()
        defer { condition.unlock() }
        if case .failure(let error)? = end { return error }
        return nil
    }

    /// The finished download, if it finished well.
    var completed: Complete? {
        condition.lock()
        defer { condition.unlock() }
        return try? end?.get()
    }

    /// Waits until bytes `0..<length` can be read (or the download completed, whatever its
    /// length); rethrows the download's error when it failed first.
    func wait(forBytes length: Int64) throws {
        condition.lock()
        defer { condition.unlock() }
        while hashed < length, end == nil { condition.wait() }
        if case .failure(let error)? = end { throw error }
    }

    /// Waits for the download to end; its result.
    func waitForCompletion() throws -> Complete {
        condition.lock()
        defer { condition.unlock() }
        while end == nil { condition.wait() }
        return try end!.get()
    }
}
