import Foundation
import LecternCore
import LecternStore
import Logging

/// `duty.housekeeping`: hourly, deletes webhook events older than 30 days, finished jobs
/// and sent notifications past their periods (``HousekeepingRepository``).
public struct HousekeepingJob: JobHandler {
    public static let kind = "duty.housekeeping"
    public static let interval: TimeInterval = 3600

    let db: Connection
    let logger: Logger

    public init(db: Connection, logger: Logger) {
        self.db = db
        self.logger = logger
    }

    public var kind: String { Self.kind }

    public func run(_ job: JobQueue.ClaimedJob) throws -> JobOutcome {
        let removed = try HousekeepingRepository(db).prune(now: Date())
        logger.info("housekeeping: removed \(removed.webhookEvents) webhook events, \(removed.jobs) jobs, \(removed.notifications) notifications")
        return .done
    }
}
