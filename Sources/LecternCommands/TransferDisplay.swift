import Foundation
import LecternCore

/// How `lectern zoom2drive --action transfer` shows its progress (SPEC §9): on a terminal a
/// progress line redrawn in place (files, bytes as they reach Drive, rate, ETA) with failed
/// files noted above it; otherwise one plain line per finished file. Lanes report from their
/// own threads.
final class TransferDisplay: @unchecked Sendable {
    private let lock = NSLock()
    private var progress: TransferProgress
    private var report = BulkCopyReport()
    private let line: StatusLine

    init(progress: TransferProgress, line: StatusLine) {
        self.progress = progress
        self.line = line
    }

    /// A file in flight has `bytes` on Drive; the line shows them at its next redraw.
    func moving(_ zoomFileID: String, bytesOnDrive bytes: Int64) {
        lock.withLock { progress.update(file: zoomFileID, bytesOnDrive: bytes, now: Date()) }
    }

    func finished(_ file: BulkCopyFile, _ result: BulkCopyResult) {
        lock.withLock {
            progress.record(result, file: file.zoomFileID, size: file.fileSize, now: Date())
            report.add(file, result)
            if !line.enabled || result.isFailure { line.note(result.line(for: file)) }
            line.show(progress.line(now: Date()))
        }
    }

    /// Draws the line again, so that the rate and ETA move while a long file is in flight.
    func tick() {
        lock.withLock { line.show(progress.line(now: Date())) }
    }

    /// The files in the order they finished, once every lane is done.
    func end() -> BulkCopyReport {
        tick()
        line.finish()
        return lock.withLock { report }
    }
}
