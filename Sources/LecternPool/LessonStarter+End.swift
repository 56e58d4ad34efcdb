import Foundation
import LecternCore
import LecternStore
import LecternZoom

extension LessonStarter {
    /// Ends the lesson's meeting in Zoom, gives its host back and marks it `ended`. Ending an
    /// ended lesson again changes nothing. An end takes the lesson's claim as a start does,
    /// so it waits for a start in progress and a start waits for it.
    public func end(lessonID: Int64) throws {
        let token = Self.newClaimToken()
        let state: LessonMeetingRepository.State? = try waitingForOtherPresses {
            try db.transaction { tx -> LessonMeetingRepository.State?? in
                let lessons = LessonMeetingRepository(tx)
                guard let state = try lessons.lockedState(lessonID: lessonID) else { throw PoolError.lessonNotFound }
                let now = clock()
                if state.claimHeld(at: now), state.status != .ended { return .none }
                switch state.status {
                case .ended:
                    return .some(nil)
                case .cancelled:
                    throw PoolError.conflict(code: "lesson_cancelled", detail: "The lesson is cancelled.")
                case .scheduled where state.meetingID == nil:
                    throw PoolError.conflict(code: "lesson_not_started", detail: "The lesson has not been started.")
                case .scheduled, .live:
                    try lessons.takeClaim(lessonID: lessonID, StartClaim.taken(token: token, now: now))
                    return .some(state)
                }
            }
        }
        guard let state else { return }
        if let meetingID = state.meetingID, let appID = state.appID {
            do {
                try apps.client(appID: appID).endMeeting(id: meetingID)
            } catch let error as ZoomError where error.status == 400 || error.status == 404 {
                // Never started or already gone: there is nothing left to end in Zoom.
                logger.info("Zoom had no running meeting to end", metadata: ["lesson": "\(lessonID)", "zoom": "\(error)"])
            } catch {
                giveBack(lessonID: lessonID, lease: nil, token: token, reason: "end_failed")
                if let zoomError = error as? ZoomError { throw PoolError.zoom(zoomError) }
                throw error
            }
        }
        let now = clock()
        try db.transaction { tx in
            let lessons = LessonMeetingRepository(tx)
            guard let current = try lessons.lockedState(lessonID: lessonID) else { return }
            guard current.claimToken == token else {
                throw PoolError.conflict(code: "start_in_progress",
                                         detail: "Another start or end of this lesson took over; try again.")
            }
            try PoolRepository(tx).releaseLeases(lessonID: lessonID, reason: "ended", now: now)
            try lessons.markEnded(lessonID: lessonID, now: now)
        }
    }
}
