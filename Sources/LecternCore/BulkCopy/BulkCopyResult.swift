/// How one file of a `lectern zoom2drive` transfer ended.
public enum BulkCopyResult: Sendable, Equatable {
    /// This run copied it to Drive.
    case transferred
    /// It was on Drive before this run got to it.
    case alreadyDone
    /// Another process (the transfer child, another zoom2drive) was copying it; this run
    /// waited and it ended on Drive.
    case doneElsewhere(holder: String)
    /// Zoom no longer has it; there is nothing to copy.
    case gone(reason: String)
    case failed(reason: String)

    public var isFailure: Bool {
        if case .failed = self { return true }
        return false
    }

    /// `ok`, `gone` or `failed`, then what happened when it was not a plain copy:
    /// `ok Algebra 2025-01-15 MP4 (1.5 GiB), already on Drive`.
    public func line(for file: BulkCopyFile) -> String {
        switch self {
        case .transferred: return "ok \(file.label)"
        case .alreadyDone: return "ok \(file.label), already on Drive"
        case .doneElsewhere(let holder): return "ok \(file.label), copied by another process (\(holder))"
        case .gone(let reason): return "gone \(file.label): \(reason)"
        case .failed(let reason): return "failed \(file.label): \(reason)"
        }
    }
}
