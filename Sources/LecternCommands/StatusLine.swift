import Foundation

/// One line of a terminal redrawn in place (`\r`, then erase to the end of the line), with
/// notes printed above it. When not enabled (output is not a terminal) the line is never
/// drawn and notes are plain lines. Safe to call from several threads.
final class StatusLine {
    private let lock = NSLock()
    private let stream: UnsafeMutablePointer<FILE>
    let enabled: Bool
    private var shown = ""

    /// - Parameter stream: `stderr` by default, so that stdout keeps only results.
    init(enabled: Bool, stream: UnsafeMutablePointer<FILE> = stderr) {
        self.enabled = enabled
        self.stream = stream
    }

    /// Replaces the line.
    func show(_ text: String) {
        guard enabled else { return }
        lock.withLock {
            shown = text
            write("\r" + text + Self.eraseToEnd)
        }
    }

    /// A line of its own above the status line, which is drawn again below it.
    func note(_ text: String) {
        lock.withLock {
            write(enabled ? "\r" + text + Self.eraseToEnd + "\n" + shown + Self.eraseToEnd : text + "\n")
        }
    }

    /// Removes the line, leaving the cursor at the start of an empty line.
    func clear() {
        guard enabled else { return }
        lock.withLock {
            shown = ""
            write("\r" + Self.eraseToEnd)
        }
    }

    /// Leaves the last drawing in place and moves below it.
    func finish() {
        guard enabled else { return }
        lock.withLock {
            if !shown.isEmpty { write("\n") }
            shown = ""
        }
    }

    private func write(_ text: String) {
        fputs(text, stream)
        fflush(stream)
    }

    private static let eraseToEnd = "\u{1B}[K"
}
