import Foundation

/// The figures of a running `lectern zoom2drive` transfer and how they read on one line, like
/// rclone's: `12/40 files  1.2 GiB/3.4 GiB  35.2 MiB/s  ETA 1m05s`.
///
/// Bytes advance as they reach Drive, not only when a file finishes: the lanes report each
/// file's bytes on Drive as its chunks are confirmed (``update(file:bytesOnDrive:now:)``).
/// The rate counts only bytes this run moved (not files found on Drive already, nor what an
/// earlier run's session held) over the last ``window`` seconds, so it follows the transfer as
/// it is now; the ETA is the bytes not yet on Drive at that rate.
public struct TransferProgress: Sendable, Equatable {
    /// Seconds of recent history the rate is measured over.
    public static let window: TimeInterval = 10

    public let totalFiles: Int
    public let totalBytes: Int64
    public let started: Date
    public private(set) var finishedFiles = 0
    /// Bytes of the finished files, whatever their result.
    public private(set) var finishedBytes: Int64 = 0
    public private(set) var failedFiles = 0
    /// Bytes this run copied itself, finished files and files in flight.
    public private(set) var movedBytes: Int64 = 0
    /// Files in flight: the bytes Drive holds, and what it held when this run first saw it.
    private var inFlight: [String: Flight] = [:]
    /// ``movedBytes`` over the last ``window`` seconds, oldest first.
    private var samples: [Sample] = []

    private struct Flight: Sendable, Equatable {
        var first: Int64
        var current: Int64
    }

    private struct Sample: Sendable, Equatable {
        var time: Date
        var moved: Int64
    }

    public init(totalFiles: Int, totalBytes: Int64, started: Date) {
        self.totalFiles = totalFiles
        self.totalBytes = totalBytes
        self.started = started
        samples = [Sample(time: started, moved: 0)]
    }

    /// Bytes on Drive, of finished files and of files in flight.
    public var doneBytes: Int64 {
        finishedBytes + inFlight.values.reduce(0) { $0 + $1.current }
    }

    /// A file in flight has `bytes` on Drive now (they may go back: a session started over).
    public mutating func update(file id: String, bytesOnDrive bytes: Int64, now: Date) {
        let bytes = max(bytes, 0)
        guard var flight = inFlight[id] else {
            inFlight[id] = Flight(first: bytes, current: bytes)
            return
        }
        movedBytes += max(bytes, flight.first) - max(flight.current, flight.first)
        flight.current = bytes
        inFlight[id] = flight
        sample(now)
    }

    /// Counts a finished file, whatever its result.
    public mutating func record(_ result: BulkCopyResult, file id: String, size: Int64, now: Date) {
        let flight = inFlight.removeValue(forKey: id)
        finishedFiles += 1
        finishedBytes += size
        if result.isFailure { failedFiles += 1 }
        if result == .transferred {
            // The rest of the file moved since its last update (or all of it, unseen in flight).
            let movedBefore = flight.map { max($0.current, $0.first) - $0.first } ?? 0
            movedBytes += size - (flight?.first ?? 0) - movedBefore
        }
        sample(now)
    }

    private mutating func sample(_ now: Date) {
        samples.append(Sample(time: now, moved: movedBytes))
        // Keep one sample at or before the window's start, so the window is always covered.
        while samples.count > 2, samples[1].time <= now.addingTimeInterval(-Self.window) { samples.removeFirst() }
    }

    /// Bytes per second this run moved over the last ``window`` seconds (since the start while
    /// the run is younger), or `nil` before there is anything to measure.
    public func rate(now: Date) -> Double? {
        guard movedBytes > 0, now.timeIntervalSince(started) >= 0.5 else { return nil }
        let from = samples.last { $0.time <= now.addingTimeInterval(-Self.window) } ?? samples[0]
        let seconds = now.timeIntervalSince(from.time)
        guard seconds > 0 else { return nil }
        return Double(max(movedBytes - from.moved, 0)) / seconds
    }

    /// Seconds left at the current rate, or `nil` while the rate is unknown or nothing moves.
    public func eta(now: Date) -> TimeInterval? {
        guard let rate = rate(now: now), rate > 0 else { return nil }
        return Double(max(totalBytes - doneBytes, 0)) / rate
    }

    /// The progress line, without a line break.
    public func line(now: Date) -> String {
        var parts = ["\(finishedFiles)/\(totalFiles) files",
                     "\(ByteSize.human(doneBytes))/\(ByteSize.human(totalBytes))",
                     rate(now: now).map(Self.rateText) ?? "-- /s",
                     "ETA " + (eta(now: now).map(Self.durationText) ?? "--")]
        if failedFiles > 0 { parts.append("\(failedFiles) failed") }
        return parts.joined(separator: "  ")
    }

    /// `35.2 MiB/s`.
    public static func rateText(_ bytesPerSecond: Double) -> String {
        ByteSize.human(Int64(bytesPerSecond.rounded())) + "/s"
    }

    /// `45s`, `3m05s`, `2h07m`, `3d04h`: two units at most, rounded up to whole seconds.
    public static func durationText(_ seconds: TimeInterval) -> String {
        let total = Int(max(seconds, 0).rounded(.up))
        let (days, hours, minutes, secs) = (total / 86_400, total / 3600 % 24, total / 60 % 60, total % 60)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        if days > 0 { return "\(days)d\(two(hours))h" }
        if hours > 0 { return "\(hours)h\(two(minutes))m" }
        if minutes > 0 { return "\(minutes)m\(two(secs))s" }
        return "\(secs)s"
    }
}
