import Foundation
import LecternCore
import LecternPool
import LecternStore
import Logging

/// `duty.release_stuck_hosts`: the every-10-minutes sweep of pool leases (SPEC §8).
public struct ReleaseStuckHostsJob: JobHandler {
    public static let kind = "duty.release_stuck_hosts"
    public static let interval: TimeInterval = 600

    let sweep: StuckHostSweep
    let logger: Logger

    public init(sweep: StuckHostSweep, logger: Logger) {
        self.sweep = sweep
        self.logger = logger
    }

    public var kind: String { Self.kind }

    public func run(_ job: JobQueue.ClaimedJob) throws -> JobOutcome {
        let summary = try sweep.run(now: Date())
        logger.info("stuck-host sweep: released \(summary.released.count), kept \(summary.kept), deleted \(summary.orphansDeleted) orphan meetings")
        return .done
    }
}
