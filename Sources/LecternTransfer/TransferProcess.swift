import Foundation
import LecternCore
import LecternProcess
import LecternStore
import Logging

/// The co-packaged child (and `lectern transfer` on other hosts): claims due jobs from the
/// shared `jobs` table and runs them by kind until asked to stop.
public final class TransferProcess {
    /// A claim lasts this long without a heartbeat; a dead holder's jobs are free after it.
    public static let leaseSeconds = 60

    private let db: Connection
    private let handlers: [String: JobHandler]
    private let holder: String
    private let logger: Logger
    private let leaseKeeper: LeaseKeeper
    private let scheduler: DutyScheduler?

    /// - Parameter scheduler: enqueues the periodic duties; `nil` runs queued jobs only.
    public init(db: Connection, handlers: [JobHandler], scheduler: DutyScheduler? = nil, logger: Logger,
                makeConnection: @escaping () -> Connection) {
        self.db = db
        self.scheduler = scheduler
        self.handlers = Dictionary(handlers.map { ($0.kind, $0) }, uniquingKeysWith: { first, _ in first })
        var host = [CChar](repeating: 0, count: 256)
        gethostname(&host, host.count - 1)
        self.holder = "\(String(cString: host)):\(getpid()):\(UUID().uuidString.prefix(8))"
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
        let queue = JobQueue(db)
        guard let job = try queue.claim(holder: holder, leaseSeconds: Self.leaseSeconds) else { return false }
        leaseKeeper.keep(job.id)
        defer { leaseKeeper.keep(nil) }
        let outcome = execute(job)
        let recorded = try queue.finish(job, holder: holder, outcome: outcome, jitter: Double.random(in: 0..<1))
        logger.info("job \(job.kind) #\(job.id) attempt \(job.attempts): \(outcome)",
                    metadata: recorded ? [:] : ["lease": "lost"])
        return true
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
