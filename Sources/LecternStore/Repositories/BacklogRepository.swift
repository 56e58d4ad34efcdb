/// What waits or went wrong outside the request path, for the status page: recordings
/// on their way to Drive or failed, notifications still in the outbox or given up.
public struct BacklogRepository {
    let db: Connection

    public init(_ db: Connection) {
        self.db = db
    }

    public struct Backlog: Sendable, Equatable {
        public var recordingsInFlight: Int64
        public var recordingsFailed: Int64
        public var notificationsUnsent: Int64
        public var notificationsGivenUp: Int64
    }

    public func backlog() throws -> Backlog {
        let row = try db.query("""
            SELECT (SELECT COUNT(*) FROM recordings WHERE status IN ('pending', 'downloading', 'uploading')) AS in_flight,
                   (SELECT COUNT(*) FROM recordings WHERE status = 'failed') AS failed,
                   (SELECT COUNT(*) FROM notifications WHERE sent_at IS NULL AND failed_at IS NULL) AS unsent,
                   (SELECT COUNT(*) FROM notifications WHERE sent_at IS NULL AND failed_at IS NOT NULL) AS given_up
            """).first
        return Backlog(recordingsInFlight: row?.int("in_flight") ?? 0, recordingsFailed: row?.int("failed") ?? 0,
                       notificationsUnsent: row?.int("unsent") ?? 0, notificationsGivenUp: row?.int("given_up") ?? 0)
    }
}
