import Foundation

/// A claim on a job, as its holder's own code sees it: whose it is, and whether it is known
/// to be lost (another process took the job over, or no heartbeat could renew it before it
/// ran out). The lease keeper marks it; the job checks it before each step that costs or
/// changes something, and names it in every state write (``condition``), so a process that
/// lost its lease changes nothing.
public final class JobLease: @unchecked Sendable {
    public let jobID: Int64
    public let holder: String
    private let lock = NSLock()
    private var lost = false

    public init(jobID: Int64, holder: String) {
        self.jobID = jobID
        self.holder = holder
    }

    public var isLost: Bool {
        lock.withLock { lost }
    }

    public func markLost() {
        lock.withLock { lost = true }
    }

    /// Throws ``JobLeaseLost`` once the lease is known to be lost.
    public func check() throws {
        if isLost { throw JobLeaseLost(jobID: jobID) }
    }

    /// A condition for a `WHERE` clause that holds only while the job is running under this
    /// lease; bind ``parameters`` in its place.
    public static let condition = """
        EXISTS (SELECT 1 FROM jobs WHERE jobs.id = ? AND jobs.locked_by = ? AND jobs.status = 'running')
        """

    public var parameters: [SQLValue] {
        [.int(jobID), .text(holder)]
    }

    /// Whether the job is still running under this lease, by the database; a `false` marks it lost.
    public func confirm(in db: Connection) throws -> Bool {
        let held = try db.query("SELECT \(Self.condition) AS held", parameters).first?.int("held") == 1
        if !held { markLost() }
        return held
    }
}

/// The job's lease went to another holder (or ran out): this process must leave the job alone.
public struct JobLeaseLost: Error, CustomStringConvertible {
    public var jobID: Int64

    public var description: String {
        "the lease of job \(jobID) was lost: another process has taken the job over"
    }
}
