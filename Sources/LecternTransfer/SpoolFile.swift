import Foundation
import Glibc
import LecternCrypto

/// A recording file in flight, in `LECTERN_SPOOL_DIR`: written as it downloads, read back a
/// chunk at a time for the upload, removed once the Drive copy is verified. Its name is
/// derived from the Zoom file id, so an attempt after a crash finds what the last one wrote.
final class SpoolFile {
    let path: String
    private let descriptor: Int32

    /// Opens (creating if needed) the spool file of `zoomFileID` in `directory`.
    init(directory: String, zoomFileID: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = Self.path(directory: directory, zoomFileID: zoomFileID)
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw SpoolError.system("cannot open the spool file", errno) }
    }

    deinit {
        close(descriptor)
    }

    /// The file's name: Zoom's ids may hold `/` and `+`, so the name is their hex; an id too
    /// long for that to fit a file name (255 bytes) is named by its SHA-256 instead.
    static func path(directory: String, zoomFileID: String) -> String {
        let hex = zoomFileID.utf8.map { String(format: "%02x", $0) }.joined()
        let name = hex.count <= maxHexLength ? hex : "sha256-" + Digest.sha256Hex(zoomFileID)
        return (directory as NSString).appendingPathComponent("\(name).part")
    }

    /// Longest hex name kept as it is; a SHA-256 name (71 characters) can never equal one.
    static let maxHexLength = 200

    /// The bytes in the spool file of `zoomFileID`, or `nil` when there is none.
    static func existingSize(directory: String, zoomFileID: String) -> Int64? {
        var info = stat()
        guard stat(path(directory: directory, zoomFileID: zoomFileID), &info) == 0 else { return nil }
        return Int64(info.st_size)
    }

    static func remove(directory: String, zoomFileID: String) {
        unlink(path(directory: directory, zoomFileID: zoomFileID))
    }

    /// Bytes free for an unprivileged writer on the spool's file system.
    static func freeBytes(directory: String) -> Int64? {
        var info = statvfs()
        guard statvfs(directory, &info) == 0 else { return nil }
        return Int64(info.f_bavail) * Int64(info.f_frsize)
    }

    /// Cuts the file to `length` bytes and positions writes at its end.
    func truncate(to length: Int64) throws {
        guard ftruncate(descriptor, off_t(length)) == 0, lseek(descriptor, off_t(length), SEEK_SET) >= 0 else {
            throw SpoolError.system("cannot truncate the spool file", errno)
        }
    }

    /// Appends `bytes` at the write position.
    func append(_ bytes: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < bytes.count {
            let written = write(descriptor, bytes.baseAddress! + done, bytes.count - done)
            if written < 0 {
                if errno == EINTR { continue }
                throw SpoolError.system("cannot write the spool file", errno)
            }
            done += written
        }
    }

    /// Reads `buffer.count` bytes from `offset` into `buffer`; returns how many were read.
    func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var done = 0
        while done < buffer.count {
            let count = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if count < 0 {
                if errno == EINTR { continue }
                throw SpoolError.system("cannot read the spool file", errno)
            }
            if count == 0 { break }
            done += count
        }
        return done
    }

    /// Waits until the bytes are on disk: a download is counted complete only after this.
    func sync() throws {
        guard fsync(descriptor) == 0 else { throw SpoolError.system("cannot sync the spool file", errno) }
    }
}

/// A spool file problem, with the system's reason.
enum SpoolError: Error, CustomStringConvertible {
    case system(String, Int32)
    case noSpace(needed: Int64, free: Int64)

    var description: String {
        switch self {
        case .system(let what, let code): return "\(what): \(String(cString: strerror(code)))"
        case .noSpace(let needed, let free):
            return "not enough space in LECTERN_SPOOL_DIR: \(needed) bytes needed, \(free) free"
        }
    }
}
