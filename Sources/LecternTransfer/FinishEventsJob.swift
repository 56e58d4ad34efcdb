import Foundation
import LecternCore
import LecternStore
import Logging

/// `duty.finish_events`: every 10 minutes, scheduled events that ended more than an hour
/// ago become `finished` (an hour's grace for events that overran), and reminders still
/// unsent for them are dropped.
public struct FinishEventsJob: JobHandler {
    public static let kind = "duty.finish_events"
    public static let interval: TimeInterval = 600
    static let grace: TimeInterval = 3600

    let db: Connection
    let logger: Logger

    public init(db: Connection, logger: Logger) {
        self.db = db
        self.logger = logger
    }

    public var kind: String { Self.kind }

    public func run(_ job: JobQueue.ClaimedJob) throws -> JobOutcome {
        let finished = try EventRepository(db).finishEnded(endedBefore: Date().addingTimeInterval(-Self.grace))
        if !finished.isEmpty { logger.info("events finished: \(finished.map(String.init).joined(separator: ", "))") }
        return .done
    }
}
