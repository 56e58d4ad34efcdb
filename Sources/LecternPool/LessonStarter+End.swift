import Foundation
import LecternCore
import LecternStore
import LecternZoom

extension LessonStarter {
    /// Ends the lesson's meeting in Zoom, gives its host back and marks it `ended`. Ending an
    /// ended lesson again changes nothing.
    public func end(lessonID: Int64) throws {
        try withStartLock(lessonID) {
            guard let state = try LessonMeetingRepository(db).state(lessonID: lessonID) else {
                throw PoolError.lessonNotFound
            }
            switch state.status {
            case .ended:
                return
            case .cancelled:
                throw PoolError.conflict(code: "lesson_cancelled", detail: "The lesson is cancelled.")
            case .scheduled where state.meetingID == nil:
                throw PoolError.conflict(code: "lesson_not_started", detail: "The lesson has not been started.")
            case .scheduled, .live:
                break
            }
            if let meetingID = state.meetingID, let appID = state.appID {
                do {
                    try apps.client(appID: appID).endMeeting(id: meetingID)
                } catch let error as ZoomError where error.status == 400 || error.status == 404 {
                    // Never started or already gone: there is nothing left to end in Zoom.
                    logger.info("Zoom had no running meeting to end", metadata: ["lesson": "\(lessonID)", "zoom": "\(error)"])
                } catch let error as ZoomError {
                    throw PoolError.zoom(error)
                }
            }
            let now = clock()
            try db.transaction { tx in
                guard try LessonMeetingRepository(tx).lockedState(lessonID: lessonID) != nil else { return }
                try PoolRepository(tx).releaseLeases(lessonID: lessonID, reason: "ended", now: now)
                try LessonMeetingRepository(tx).markEnded(lessonID: lessonID, now: now)
            }
        }
    }
}
