import LecternCore
import LecternStore

/// Runs one kind of job. Later capabilities (transfers, duties, reminders) each add one.
public protocol JobHandler {
    /// The `jobs.kind` this handler serves.
    var kind: String { get }
    func run(_ job: JobQueue.ClaimedJob) throws -> JobOutcome
}
