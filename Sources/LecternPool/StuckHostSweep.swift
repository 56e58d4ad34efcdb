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
        /// Recorded meetings (made by failed starts) deleted in Zoom.
        public var orphansDeleted = 0
    }

    public func run(now: Date) throws -> Summary {
        var summary = Summary()
        summary.orphansDeleted = try MeetingDiscard(db: db, apps: apps, logger: logger).deleteRecorded()
        for lease in try PoolRepository(db).openLeases() {
            guard let asked = ask(lease, now: now) else {
                summary.kept += 1
                continue
            }
            if let reason = try release(lease, asked: asked, now: now) {
                summary.released[lease.facts.leaseID] = reason
                logger.info("released a stuck pool host", metadata: [
                    "lease": "\(lease.facts.leaseID)", "lesson": "\(lease.lessonID.map(String.init) ?? "-")",
                    "reason": "\(reason)"])
            } else {
                summary.kept += 1
            }
        }
        return summary
    }

    /// A lease the first read says to release, with what Zoom said where it was asked.
    private struct Asked {
        /// The meeting Zoom says is not running; `nil` when Zoom was not asked.
        var notRunningMeetingID: String?
    }

    /// Decides from the first read, asking Zoom where that is needed; `nil` keeps the lease.
    private func ask(_ lease: PoolRepository.OpenLease, now: Date) -> Asked? {
        switch StuckHostRules.decide(lease.facts, now: now) {
        case .keep:
            return nil
        case .release:
            return Asked(notRunningMeetingID: nil)
        case .releaseUnlessStarted:
            guard let meetingID = lease.facts.meetingID else { return nil }
            do {
                let meeting = try apps.client(appID: lease.appID).meeting(id: meetingID)
                return meeting.isStarted ? nil : Asked(notRunningMeetingID: meetingID)
            } catch let error as ZoomError where error.status == 404 {
                return Asked(notRunningMeetingID: meetingID)
            } catch {
                // Zoom unreachable: keep the host until a later run, or the hard stop.
                logger.warning("cannot ask Zoom about a meeting; keeping its host", metadata: [
                    "lease": "\(lease.facts.leaseID)", "error": "\(error)"])
                return nil
            }
        }
    }

    /// Releases one lease and ends its lesson if it is still live, deciding again from the
    /// lease as it is now (Zoom's answer took time; a start or an end may have changed it).
    /// The lesson row is locked first, as starts lock it, so the two cannot deadlock.
    /// Returns the reason it was released with, or `nil` when it is kept.
    private func release(_ lease: PoolRepository.OpenLease, asked: Asked, now: Date) throws -> String? {
        try db.transaction { tx in
            if let lessonID = lease.lessonID {
                _ = try LessonMeetingRepository(tx).lockedState(lessonID: lessonID)
            }
            let pool = PoolRepository(tx)
            guard let fresh = try pool.lockedOpenLease(id: lease.facts.leaseID), fresh.lessonID == lease.lessonID,
                  let reason = StuckHostRules.recheck(fresh.facts, now: now, notRunningMeetingID: asked.notRunningMeetingID),
                  try pool.release(leaseID: fresh.facts.leaseID, reason: reason, now: now) else {
                return nil
            }
            if let lessonID = fresh.lessonID, fresh.facts.meetingID != nil {
                try LessonMeetingRepository(tx).endLive(lessonIDs: [lessonID], now: now)
            }
            return reason
        }
    }
}
