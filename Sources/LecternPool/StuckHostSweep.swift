import Foundation
import LecternCore
import LecternStore
import LecternZoom
import Logging

/// The "release stuck hosts" duty (SPEC §8, every 10 minutes): frees leases whose lesson
/// ended over 15 minutes ago unless Zoom says the meeting is still running, every lease 4
/// hours after its lesson's end, and leases left without a meeting for 5 minutes.
public struct StuckHostSweep {
    let db: Connection
    let apps: ZoomClientSource
    let logger: Logger

    public init(db: Connection, apps: ZoomClientSource, logger: Logger) {
        self.db = db
        self.apps = apps
        self.logger = logger
    }

    /// What one run did.
    public struct Summary: Sendable, Equatable {
        /// Lease id → release reason.
        public var released: [Int64: String] = [:]
        public var kept = 0
    }

    public func run(now: Date) throws -> Summary {
        var summary = Summary()
        for lease in try PoolRepository(db).openLeases() {
            guard let reason = releaseReason(lease, now: now) else {
                summary.kept += 1
                continue
            }
            if try release(lease, reason: reason, now: now) {
                summary.released[lease.facts.leaseID] = reason
                logger.info("released a stuck pool host", metadata: [
                    "lease": "\(lease.facts.leaseID)", "lesson": "\(lease.lessonID.map(String.init) ?? "-")",
                    "reason": "\(reason)"])
            }
        }
        return summary
    }

    private func releaseReason(_ lease: PoolRepository.OpenLease, now: Date) -> String? {
        switch StuckHostRules.decide(lease.facts, now: now) {
        case .keep:
            return nil
        case .release(let reason):
            return reason
        case .releaseUnlessStarted:
            guard let meetingID = lease.facts.meetingID else { return nil }
            do {
                let meeting = try apps.client(appID: lease.appID).meeting(id: meetingID)
                return StuckHostRules.afterAsking(meetingStarted: meeting.isStarted)
            } catch let error as ZoomError where error.status == 404 {
                return StuckHostRules.afterAsking(meetingStarted: false)
            } catch {
                // Zoom unreachable: keep the host until a later run, or the hard stop.
                logger.warning("cannot ask Zoom about a meeting; keeping its host", metadata: [
                    "lease": "\(lease.facts.leaseID)", "error": "\(error)"])
                return nil
            }
        }
    }

    /// Releases one lease and ends its lesson if it is still live; the lesson row is locked
    /// first, as starts lock it, so the two cannot deadlock.
    private func release(_ lease: PoolRepository.OpenLease, reason: String, now: Date) throws -> Bool {
        try db.transaction { tx in
            if let lessonID = lease.lessonID {
                _ = try LessonMeetingRepository(tx).lockedState(lessonID: lessonID)
            }
            guard try PoolRepository(tx).release(leaseID: lease.facts.leaseID, reason: reason, now: now) else {
                return false
            }
            if let lessonID = lease.lessonID, lease.facts.meetingID != nil {
                try LessonMeetingRepository(tx).endLive(lessonIDs: [lessonID], now: now)
            }
            return true
        }
    }
}
