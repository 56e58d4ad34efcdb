import Foundation
import LecternCore
import LecternProcess
import LecternStore
import Logging

/// The co-packaged child (and `lectern transfer` on other hosts): claims due jobs from the
/// shared `jobs` table and runs them by kind until asked to stop. `lectern zoom2drive` uses
/// the same machinery for the jobs it picks itself (``claim(dedupeKey:)``, ``run(_:)``).
public final class TransferProcess {
    /// A claim lasts this long without a heartbeat; a dead holder's jobs are free after it.
    public static let leaseSeconds = 60

    /// What this process's claims carry in `jobs.locked_by`: `[label:]host:pid:random`.
    public let holder: String

    private let db: Connection
    private let handlers: [String: JobHandler]
    private let logger: Logger
    private let leaseKeeper: LeaseKeeper
    private let scheduler: DutyScheduler?

    /// - Parameters:
    ///   - scheduler: enqueues the periodic duties; `nil` runs queued jobs only.
    ///   - label: starts ``holder``, so that a claim shows who made it (e.g. `zoom2drive`).
    ///   - makeConnection: the lease keeper's own connection.
    public init(db: Connection, handlers: [JobHandler], scheduler: DutyScheduler? = nil, label: String? = nil,
                logger: Logger, makeConnection: @escaping () -> Connection) {
        self.db = db
        self.scheduler = scheduler
        self.handlers = Dictionary(handlers.map { ($0.kind, $0) }, uniquingKeysWith: { first, _ in first })
        var host = [CChar](repeating: 0, count: 256)
        gethostname(&host, host.count - 1)
        self.holder = (label.map { $0 + ":" } ?? "") + "\(String(cString: host)):\(getpid()):\(UUID().uuidString.prefix(8))"
        self.logger = logger
        self.leaseKeeper = LeaseKeeper(holder: holder, leaseSeconds: Self.leaseSeconds, logger: logger,
                                       makeConnection: makeConnection)
    }

    /// Loops until SIGTERM; the job in progress is finished first.
    public func run() {
        logger.info("transfer process started", metadata: ["holder": "\(holder)"])
        leaseKeeper.start()
        var idleBackoffMs: UInt32 = 200
        while !StopSignal.requested {
            do {
                try scheduler?.tick(queue: JobQueue(db), now: Date())
                if try runOne() {
                    idleBackoffMs = 200
                    continue
                }
                idleBackoffMs = 500
            } catch {
                logger.warning("job queue unavailable", metadata: ["error": "\(error)"])
                idleBackoffMs = min(idleBackoffMs * 2, 5_000)
            }
            // A stop signal interrupts the sleep.
            usleep(idleBackoffMs * 1_000)
        }
        leaseKeeper.stop()
        logger.info("transfer process stopped")
    }

    /// Claims and runs one job; `false` when none was due.
    @discardableResult
    public func runOne() throws -> Bool {
        guard let job = try JobQueue(db).claim(holder: holder, leaseSeconds: Self.leaseSeconds) else { return false }
        try run(job)
        return true
    }

    /// Claims the job with `dedupeKey` for this process when nobody is running it
    /// (see ``JobQueue/claim(dedupeKey:holder:leaseSeconds:)``); run it with ``run(_:)``.
    public func claim(dedupeKey: String) throws -> JobQueue.KeyedClaim {
        try JobQueue(db).claim(dedupeKey: dedupeKey, holder: holder, leaseSeconds: Self.leaseSeconds)
    }

    /// Runs a job this process claimed, heart-beating its lease meanwhile, and records the
    /// outcome in the queue (a failed attempt backs off as usual). Returns the outcome.
    @discardableResult
    public func run(_ job: JobQueue.ClaimedJob) throws -> JobOutcome {
        leaseKeeper.start()
        leaseKeeper.keep(job.lease)
        defer { leaseKeeper.keep(nil) }
        let outcome = execute(job)
        let recorded = try JobQueue(db).finish(job, holder: holder, outcome: outcome, jitter: Double.random(in: 0..<1))
        logger.info("job \(job.kind) #\(job.id) attempt \(job.attempts): \(outcome)",
                    metadata: recorded ? [:] : ["lease": "lost"])
        return outcome
    }

    /// Stops the lease keeper's thread; for callers that use ``run(_:)`` without ``run()``,
    /// which stops it itself.
    public func close() {
        leaseKeeper.stop()
    }

    private func execute(_ job: JobQueue.ClaimedJob) -> JobOutcome {
        guard let handler = handlers[job.kind] else {
            return .failed(reason: "unknown job kind '\(job.kind)': no handler in this version of Lectern")
        }
        do {
            return try handler.run(job)
        } catch {
            return .retry(reason: "\(error)")
        }
    }
}
