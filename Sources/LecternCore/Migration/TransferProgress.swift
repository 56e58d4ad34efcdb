import Foundation

/// The figures of a running `lectern zoom2drive` transfer and how they read on one line:
/// `12/40 files  1.2 GiB/3.4 GiB  35.2 MiB/s  ETA 1m05s`.
///
/// The rate counts only bytes this run moved, so files found already on Drive do not make
/// it look faster than it is; the ETA is the bytes still to go at that rate.
public struct TransferProgress: Sendable, Equatable {
    public let totalFiles: Int
    public let totalBytes: Int64
    public let started: Date
    public private(set) var finishedFiles = 0
    public private(set) var finishedBytes: Int64 = 0
    public private(set) var failedFiles = 0
    /// Bytes this run copied itself.
    public private(set) var movedBytes: Int64 = 0

    public init(totalFiles: Int, totalBytes: Int64, started: Date) {
        self.totalFiles = totalFiles
        self.totalBytes = totalBytes
        self.started = started
    }

    /// Counts a finished file, whatever its result.
    public mutating func record(_ result: MigrationResult, size: Int64) {
        finishedFiles += 1
        finishedBytes += size
        if result.isFailure { failedFiles += 1 }
        if result == .transferred { movedBytes += size }
    }

    /// Bytes per second this run moved, or `nil` before there is anything to measure.
    public func rate(now: Date) -> Double? {
        let elapsed = now.timeIntervalSince(started)
        guard movedBytes > 0, elapsed >= 0.5 else { return nil }
        return Double(movedBytes) / elapsed
    }

    /// Seconds left at the current rate, or `nil` while the rate is unknown.
    public func eta(now: Date) -> TimeInterval? {
        guard let rate = rate(now: now), rate > 0 else { return nil }
        return Double(max(totalBytes - finishedBytes, 0)) / rate
    }

    /// The progress line, without a line break.
    public func line(now: Date) -> String {
        var parts = ["\(finishedFiles)/\(totalFiles) files",
                     "\(ByteSize.human(finishedBytes))/\(ByteSize.human(totalBytes))",
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
