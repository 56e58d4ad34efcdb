import Foundation
import LecternStore
import Logging

/// Extends the lease of the job in progress from a thread of its own, with its own
/// connection, so that a long job keeps its claim while the main loop is busy with it.
/// A lease it cannot keep — the job is another holder's now, or no heartbeat got through
/// before the lease ran out — it marks lost (``JobLease/markLost()``), and the job stops
/// before its next step (SPEC §8).
final class LeaseKeeper {
    private let condition = NSCondition()
    private var current: JobLease?
    /// When the current lease was last extended (or claimed).
    private var renewed = Date()
    private var stopped = false
    private var started = false
    private let holder: String
    private let leaseSeconds: Int
    private let makeConnection: () -> Connection
    private let logger: Logger

    init(holder: String, leaseSeconds: Int, logger: Logger, makeConnection: @escaping () -> Connection) {
        self.holder = holder
        self.leaseSeconds = leaseSeconds
        self.logger = logger
        self.makeConnection = makeConnection
    }

    /// Starts the heartbeat thread; later calls do nothing (a stopped keeper stays stopped).
    func start() {
        condition.lock()
        defer { condition.unlock() }
        guard !started else { return }
        started = true
        let thread = Thread { [self] in loop() }
        thread.name = "lease-keeper"
        thread.start()
    }

    /// The lease to keep, just claimed, or `nil` between jobs.
    func keep(_ lease: JobLease?) {
        condition.lock()
        current = lease
        renewed = Date()
        condition.unlock()
    }

    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func renewedNow(_ lease: JobLease) {
        condition.lock()
        if current === lease { renewed = Date() }
        condition.unlock()
    }

    /// Whether the lease's last extension is older than the lease itself: another process may hold it.
    private func leaseRanOut(_ lease: JobLease) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return current === lease && Date().timeIntervalSince(renewed) >= Double(leaseSeconds)
    }

    private func loop() {
        let db = makeConnection()
        let interval = Double(leaseSeconds) / 3
        while true {
            condition.lock()
            _ = condition.wait(until: Date().addingTimeInterval(interval))
            let lease = current
            let done = stopped
            condition.unlock()
            if done { break }
            guard let lease, !lease.isLost else { continue }
            do {
                if try JobQueue(db).heartbeat(id: lease.jobID, holder: holder, leaseSeconds: leaseSeconds) {
                    renewedNow(lease)
                } else {
                    lease.markLost()
                    logger.warning("lost the lease of a job: another process holds it now",
                                   metadata: ["job": "\(lease.jobID)"])
                }
            } catch {
                logger.warning("heartbeat failed", metadata: ["job": "\(lease.jobID)", "error": "\(error)"])
                if leaseRanOut(lease) {
                    lease.markLost()
                    logger.warning("lost the lease of a job: no heartbeat got through before it ran out",
                                   metadata: ["job": "\(lease.jobID)"])
                }
            }
        }
        db.close()
    }
}
