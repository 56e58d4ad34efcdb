import Foundation

/// MD5s of emulated recording contents, computed once each by generating the bytes. Its own
/// lock, so that hashing a 2 GiB file does not hold the emulator's state lock.
final class SimChecksumCache: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: String] = [:]

    /// The lower-case hex MD5 of `file`'s content.
    func md5(of file: SimRecordingFile) -> String {
        let key = "\(file.id)|\(file.fileSize)"
        if let known = lock.withLock({ values[key] }) { return known }
        let computed = file.content.md5(size: file.fileSize)
        lock.withLock { values[key] = computed }
        return computed
    }
}
