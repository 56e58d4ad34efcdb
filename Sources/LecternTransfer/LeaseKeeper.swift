import Foundation
import LecternStore
import Logging

/// Extends the lease of the job in progress from a thread of its own, with its own
/// connection, so that a long job keeps its claim while the main loop is busy with it.
final class LeaseKeeper {
    private let condition = NSCondition()
    private var current: Int64?
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

    /// The job whose lease to keep, or `nil` between jobs.
    func keep(_ id: Int64?) {
        condition.lock()
        current = id
        condition.unlock()
    }

    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        let db = makeConnection()
        let interval = Double(leaseSeconds) / 3
        while true {
            condition.lock()
            _ = condition.wait(until: Date().addingTimeInterval(interval))
            let id = current
            let done = stopped
            condition.unlock()
            if done { break }
            guard let id else { continue }
            do {
                if try !JobQueue(db).heartbeat(id: id, holder: holder, leaseSeconds: leaseSeconds) {
                    logger.warning("lost the lease of a job", metadata: ["job": "\(id)"])
                }
            } catch {
                logger.warning("heartbeat failed", metadata: ["job": "\(id)", "error": "\(error)"])
            }
        }
        db.close()
    }
}
