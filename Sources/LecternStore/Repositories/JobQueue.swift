import Foundation
import LecternCore

/// The `jobs` table as a work queue shared by any number of transfer processes.
///
/// A claim locks one due row with `FOR UPDATE SKIP LOCKED` in a short transaction and
/// leases it to the claimer until `locked_until`; a holder that dies simply stops
/// heart-beating and the row becomes claimable again.
public struct JobQueue {
    let db: Connection

    public init(_ db: Connection) {
        self.db = db
    }

    /// A job leased to a worker.
    public struct ClaimedJob: Sendable {
        public var id: Int64
        public var kind: String
        public var subject: String?
        public var payload: String
        public var attempts: Int
        public var maxAttempts: Int
        /// The claim as the holder's code sees it; the lease keeper marks it lost.
        public let lease: JobLease

        public init(id: Int64, kind: String, subject: String?, payload: String, attempts: Int, maxAttempts: Int,
                    holder: String = "") {
            self.id = id
            self.kind = kind
            self.subject = subject
            self.payload = payload
            self.attempts = attempts
            self.maxAttempts = maxAttempts
            lease = JobLease(jobID: id, holder: holder)
        }
    }

    /// Queue figures for the status page.
    public struct Stats: Sendable {
        public var due: Int64
        public var running: Int64
        public var oldestDueAgeSeconds: Int64?
    }

    /// Adds a job; with a `dedupeKey`, a second enqueue of the same key is a no-op.
    @discardableResult
    public func enqueue(kind: String, subject: String? = nil, payload: String = "{}", runAt: Date? = nil,
                        dedupeKey: String? = nil, maxAttempts: Int = 8) throws -> Int64? {
        let result = try db.execute("""
            INSERT IGNORE INTO jobs (kind, subject, payload, run_at, dedupe_key, max_attempts)
            VALUES (?, ?, ?, COALESCE(?, UTC_TIMESTAMP(6)), ?, ?)
            """, [.text(kind), subject.map(SQLValue.text) ?? .null, .text(payload),
                  runAt.map(SQLValue.date) ?? .null, dedupeKey.map(SQLValue.text) ?? .null,
                  .int(Int64(maxAttempts))])
        return result.affectedRows == 1 ? result.lastInsertID : nil
    }

    /// Gives a job that has not ended a new payload (a later admission that binds how the job
    /// is to be run); a running holder sees it on its next attempt.
    public func replaceUnfinishedPayload(dedupeKey: String, payload: String) throws {
        _ = try db.execute("UPDATE jobs SET payload = ? WHERE dedupe_key = ? AND status IN ('pending', 'running')",
                           [.text(payload), .text(dedupeKey)])
    }

    /// Cancels the job with `dedupeKey` if no process has claimed it yet; `true` when it did.
    /// A running job is left to its holder, which finds out from its subject's state.
    @discardableResult
    public func cancelPending(dedupeKey: String, reason: String) throws -> Bool {
        try db.execute("""
            UPDATE jobs SET status = 'cancelled', last_error = ?, finished_at = UTC_TIMESTAMP(6)
            WHERE dedupe_key = ? AND status = 'pending'
            """, [.text(reason), .text(dedupeKey)]).affectedRows == 1
    }

    /// Leases the most overdue claimable job to `holder` for `leaseSeconds`, or returns `nil`.
    public func claim(holder: String, leaseSeconds: Int) throws -> ClaimedJob? {
        try db.transaction { tx in
            let rows = try tx.query("""
                SELECT id, kind, subject, payload, attempts, max_attempts FROM jobs
                WHERE (status = 'pending' AND run_at <= UTC_TIMESTAMP(6))
                   OR (status = 'running' AND locked_until < UTC_TIMESTAMP(6))
                ORDER BY run_at, id LIMIT 1
                FOR UPDATE SKIP LOCKED
                """)
            guard let row = rows.first else { return nil }
            return try Self.lease(row, to: holder, for: leaseSeconds, in: tx)
        }
    }

    /// What ``claim(dedupeKey:holder:leaseSeconds:)`` found.
    public enum KeyedClaim: Sendable {
        /// The job is now leased to the caller.
        case claimed(ClaimedJob)
        /// Another holder runs it under a live lease, or is claiming it at this moment.
        case running(holder: String?)
        /// It ended (`done`, `failed` or `cancelled`) and is left as it is.
        case finished(JobStatus, lastError: String?)
        /// No job has this key.
        case missing
    }

    /// Leases one particular job, named by its dedupe key, to `holder`: when it is pending
    /// (whatever its `run_at`: the caller wants it now) or its holder's lease has expired.
    /// The row is locked with `FOR UPDATE SKIP LOCKED` like any claim, so a transfer
    /// process and a caller of this method never both hold it.
    public func claim(dedupeKey: String, holder: String, leaseSeconds: Int) throws -> KeyedClaim {
        try db.transaction { tx in
            let rows = try tx.query("""
                SELECT id, kind, subject, payload, attempts, max_attempts FROM jobs
                WHERE dedupe_key = ? AND (status = 'pending' OR (status = 'running' AND locked_until < UTC_TIMESTAMP(6)))
                FOR UPDATE SKIP LOCKED
                """, [.text(dedupeKey)])
            if let row = rows.first {
                return .claimed(try Self.lease(row, to: holder, for: leaseSeconds, in: tx))
            }
            // Not claimable: a plain read says why (a row locked by a concurrent claim still reads as before it).
            guard let state = try tx.query("SELECT status, locked_by, last_error FROM jobs WHERE dedupe_key = ?",
                                           [.text(dedupeKey)]).first else { return .missing }
            let status = try state.required("status", as: JobStatus.self)
            switch status {
            case .pending, .running: return .running(holder: state.string("locked_by"))
            case .done, .failed, .cancelled: return .finished(status, lastError: state.string("last_error"))
            }
        }
    }

    /// Marks a row selected for a claim as running under `holder`'s lease.
    private static func lease(_ row: Row, to holder: String, for leaseSeconds: Int, in tx: Connection) throws -> ClaimedJob {
        let id = try row.requiredInt("id")
        _ = try tx.execute("""
            UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = ?,
                locked_until = UTC_TIMESTAMP(6) + INTERVAL ? SECOND
            WHERE id = ?
            """, [.text(holder), .int(Int64(leaseSeconds)), .int(id)])
        return ClaimedJob(id: id, kind: try row.requiredString("kind"), subject: row.string("subject"),
                          payload: try row.requiredString("payload"), attempts: try row.requiredIntValue("attempts") + 1,
                          maxAttempts: try row.requiredIntValue("max_attempts"), holder: holder)
    }

    /// Extends the lease; `false` when the job is no longer ours (the lease was lost).
    public func heartbeat(id: Int64, holder: String, leaseSeconds: Int) throws -> Bool {
        try db.execute("""
            UPDATE jobs SET locked_until = UTC_TIMESTAMP(6) + INTERVAL ? SECOND
            WHERE id = ? AND locked_by = ? AND status = 'running'
            """, [.int(Int64(leaseSeconds)), .int(id), .text(holder)]).affectedRows == 1
    }

    /// Records the outcome of an attempt, if the job is still leased to `holder`.
    @discardableResult
    public func finish(_ job: ClaimedJob, holder: String, outcome: JobOutcome, jitter: Double) throws -> Bool {
        let status: JobStatus
        var error: String?
        var retryDelay: Int64 = 0
        switch outcome {
        case .done:
            status = .done
        case .failed(let reason):
            status = .failed
            error = reason
        case .cancelled(let reason):
            status = .cancelled
            error = reason
        case .retry(let reason):
            error = reason
            if job.attempts >= job.maxAttempts {
                status = .failed
            } else {
                status = .pending
                retryDelay = JobBackoff.delay(afterAttempt: job.attempts, jitter: jitter)
            }
        }
        let finished = status == .pending ? "NULL" : "UTC_TIMESTAMP(6)"
        return try db.execute("""
            UPDATE jobs SET status = ?, last_error = ?, locked_until = NULL, finished_at = \(finished),
                run_at = IF(? > 0, UTC_TIMESTAMP(6) + INTERVAL ? SECOND, run_at)
            WHERE id = ? AND locked_by = ? AND status = 'running'
            """, [.text(status.rawValue), error.map(SQLValue.text) ?? .null, .int(retryDelay), .int(retryDelay),
                  .int(job.id), .text(holder)]).affectedRows == 1
    }

    /// Due and running jobs, and how long the oldest due one has waited.
    public func stats() throws -> Stats {
        let row = try db.query("""
            SELECT SUM(status = 'pending' AND run_at <= UTC_TIMESTAMP(6)) AS due,
                   SUM(status = 'running') AS running,
                   TIMESTAMPDIFF(SECOND, MIN(IF(status = 'pending' AND run_at <= UTC_TIMESTAMP(6), run_at, NULL)),
                                 UTC_TIMESTAMP(6)) AS oldest
            FROM jobs WHERE status IN ('pending', 'running')
            """).first
        return Stats(due: row?.int("due") ?? 0, running: row?.int("running") ?? 0,
                     oldestDueAgeSeconds: row?.int("oldest"))
    }
}
