import Foundation

/// Deletes what has served its time: the webhook audit trail after 30 days (SPEC §3),
/// finished jobs and sent notifications after their own periods. Deletes go in bounded
/// batches so that no statement holds locks for long on a busy table.
public struct HousekeepingRepository {
    let db: Connection

    public init(_ db: Connection) {
        self.db = db
    }

    /// How long each kind of row is kept.
    public struct Periods: Sendable {
        public var webhookEventDays = 30
        /// Done and cancelled jobs; failed ones stay for `failedJobDays`, for a post-mortem.
        public var finishedJobDays = 30
        public var failedJobDays = 90
        public var sentNotificationDays = 90

        public init() {}
    }

    /// Rows deleted per table.
    public struct Removed: Sendable, Equatable {
        public var webhookEvents = 0
        public var jobs = 0
        public var notifications = 0
    }

    /// Deletes up to `batch` rows per statement, repeating until none is left older than
    /// its period or `maxBatches` ran (the next run goes on).
    public func prune(now: Date, periods: Periods = Periods(), batch: Int = 5_000, maxBatches: Int = 20) throws -> Removed {
        var removed = Removed()
        removed.webhookEvents = try repeatDelete(maxBatches) {
            "DELETE FROM webhook_events WHERE received_at < ? LIMIT \(batch)"
        } values: { [.date(now.addingTimeInterval(-Self.days(periods.webhookEventDays)))] }
        removed.jobs = try repeatDelete(maxBatches) {
            """
            DELETE FROM jobs WHERE (status IN ('done', 'cancelled') AND finished_at < ?)
                OR (status = 'failed' AND finished_at < ?) LIMIT \(batch)
            """
        } values: { [.date(now.addingTimeInterval(-Self.days(periods.finishedJobDays))),
                     .date(now.addingTimeInterval(-Self.days(periods.failedJobDays)))] }
        removed.notifications = try repeatDelete(maxBatches) {
            "DELETE FROM notifications WHERE sent_at < ? LIMIT \(batch)"
        } values: { [.date(now.addingTimeInterval(-Self.days(periods.sentNotificationDays)))] }
        return removed
    }

    private func repeatDelete(_ maxBatches: Int, _ sql: () -> String, values: () -> [SQLValue]) throws -> Int {
        var total = 0
        for _ in 0..<maxBatches {
            let deleted = try db.execute(sql(), values()).affectedRows
            total += deleted
            if deleted == 0 { break }
        }
        return total
    }

    static func days(_ count: Int) -> TimeInterval {
        TimeInterval(count) * 86_400
    }
}
