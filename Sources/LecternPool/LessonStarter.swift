import Foundation
import LecternCore
import LecternCrypto
import LecternStore
import LecternZoom
import Logging

/// Starts and ends lessons' Zoom meetings (SPEC §4), through the pool or a teacher's own app.
///
/// A start runs in three steps so that no transaction spans a Zoom call: a short
/// transaction locks the lesson row and borrows a host; the meeting is created in Zoom;
/// a second short transaction stores it on the lease and the lesson. A failed Zoom call
/// gives the lease back. A named database lock per lesson (held by the session across the
/// three steps) makes a second press wait for the first and then answer with its meeting.
/// A process that dies after the first step leaves a lease without a meeting, which the
/// stuck-host duty frees after five minutes.
///
/// Callers check who may start the lesson; this type checks the lesson's state.
public final class LessonStarter {
    /// How the meeting is created.
    public enum Route: Sendable, Equatable {
        /// Borrow a pool host.
        case pool
        /// The teacher's own app, for its account owner (`me`).
        case app(Int64)
    }

    /// Seconds a second press waits for the first to finish.
    static let startLockSeconds = 20

    let db: Connection
    let apps: ZoomClientSource
    let box: SecretBox
    let logger: Logger
    let clock: () -> Date
    let password: () -> String

    public init(db: Connection, apps: ZoomClientSource, box: SecretBox, logger: Logger,
                clock: @escaping () -> Date = Date.init, password: @escaping () -> String = { MeetingPassword.generate() }) {
        self.db = db
        self.apps = apps
        self.box = box
        self.logger = logger
        self.clock = clock
        self.password = password
    }

    private enum Plan {
        case existing(LessonMeetingRepository.State)
        case create(LessonMeetingRepository.State, lease: PoolRepository.Lease?, appID: Int64, zoomUser: String)
    }

    /// Starts the lesson's meeting, or answers with the one it already has.
    public func start(lessonID: Int64, via route: Route) throws -> MeetingStart {
        try withStartLock(lessonID) {
            switch try plan(lessonID: lessonID, route: route) {
            case .existing(let state):
                return try answer(state)
            case .create(let state, let lease, let appID, let zoomUser):
                return try create(state, lease: lease, appID: appID, zoomUser: zoomUser)
            }
        }
    }

    /// Creates an express lesson starting now and starts it through the pool; the lesson is
    /// removed again when the start fails.
    public func quickStart(title: String, durationMinutes: Int, groupID: Int64?, teacherID: Int64) throws -> MeetingStart {
        let now = clock()
        let lessons = LessonMeetingRepository(db)
        let id = try lessons.insertExpress(title: title, teacherID: teacherID, groupID: groupID, start: now,
                                           end: now.addingTimeInterval(TimeInterval(durationMinutes * 60)))
        do {
            return try start(lessonID: id, via: .pool)
        } catch {
            do { try lessons.deleteUnstarted(lessonID: id) } catch {
                logger.warning("cannot remove an express lesson whose start failed", metadata: ["lesson": "\(id)"])
            }
            throw error
        }
    }

    /// Step 1: lock the lesson, decide, and borrow a host when the pool is the route.
    private func plan(lessonID: Int64, route: Route) throws -> Plan {
        try db.transaction { tx in
            guard let state = try LessonMeetingRepository(tx).lockedState(lessonID: lessonID) else {
                throw PoolError.lessonNotFound
            }
            switch MeetingStartDecision.decide(status: state.status, hasMeeting: state.meetingID != nil) {
            case .refuse(let code, let detail):
                throw PoolError.conflict(code: code, detail: detail)
            case .reuseMeeting:
                return .existing(state)
            case .createMeeting:
                if case .app(let appID) = route {
                    return .create(state, lease: nil, appID: appID, zoomUser: "me")
                }
                let pool = PoolRepository(tx)
                // A lease left by a start that died before Zoom answered is this lesson's already.
                if let lease = try pool.meetinglessLease(lessonID: lessonID) ?? pool.capture(lessonID: lessonID, now: clock()) {
                    return .create(state, lease: lease, appID: lease.appID, zoomUser: lease.zoomUser)
                }
                throw PoolError.poolExhausted(retryAfterSeconds: PoolRules.exhaustedRetryAfterSeconds)
            }
        }
    }

    /// Steps 2 and 3: create the meeting outside any transaction, then store it.
    private func create(_ state: LessonMeetingRepository.State, lease: PoolRepository.Lease?, appID: Int64,
                        zoomUser: String) throws -> MeetingStart {
        let now = clock()
        let minutes = max(1, Int((state.end.timeIntervalSince(state.start) / 60).rounded(.up)))
        let request = MeetingRequest(topic: String(state.title.prefix(200)), startTime: max(state.start, now),
                                     duration: minutes, timezone: state.timezone, password: password(),
                                     agenda: state.topics.map { String($0.prefix(2000)) }, record: state.recordLesson)
        let meeting: ZoomMeeting
        do {
            meeting = try apps.client(appID: appID).createMeeting(userID: zoomUser, request)
        } catch {
            giveBack(lease, reason: "zoom_error")
            if let zoomError = error as? ZoomError { throw PoolError.zoom(zoomError) }
            throw error
        }
        let stored = LessonMeetingRepository.Meeting(
            meetingID: String(meeting.id), uuid: meeting.uuid, startURLSealed: box.seal(meeting.startUrl, .lessonStartURL, rowID: state.id),
            joinURL: meeting.joinUrl, password: meeting.password ?? request.password, appID: appID,
            accountID: lease?.accountID)
        do {
            try db.transaction { tx in
                let lessons = LessonMeetingRepository(tx)
                guard let current = try lessons.lockedState(lessonID: state.id) else { throw PoolError.lessonNotFound }
                guard current.meetingID == nil, current.status == .scheduled || current.status == .live else {
                    throw PoolError.conflict(code: "lesson_changed",
                                             detail: "The lesson changed while its meeting was being created.")
                }
                if let lease, try !PoolRepository(tx).attachMeeting(leaseID: lease.id, meetingID: stored.meetingID,
                                                                     uuid: meeting.uuid) {
                    throw PoolError.conflict(code: "host_released",
                                             detail: "The pool host was released while the meeting was being created.")
                }
                try lessons.storeMeeting(lessonID: state.id, stored, now: now)
            }
        } catch {
            logger.warning("a created Zoom meeting could not be stored", metadata: [
                "lesson": "\(state.id)", "meeting": "\(meeting.id)", "error": "\(error)"])
            giveBack(lease, reason: "store_failed")
            throw error
        }
        return MeetingStart(lessonID: state.id, zoomStartURL: meeting.startUrl, zoomJoinURL: meeting.joinUrl,
                            zoomMeetingID: stored.meetingID, zoomPassword: stored.password,
                            accountEmail: lease?.email)
    }

    /// The meeting a lesson already has.
    private func answer(_ state: LessonMeetingRepository.State) throws -> MeetingStart {
        guard let meetingID = state.meetingID, let sealed = state.startURLSealed, let joinURL = state.joinURL,
              let startURL = try? box.open(sealed, .lessonStartURL, rowID: state.id) else {
            throw PoolError.appUnavailable(appID: state.appID ?? 0)
        }
        return MeetingStart(lessonID: state.id, zoomStartURL: startURL, zoomJoinURL: joinURL, zoomMeetingID: meetingID,
                            zoomPassword: state.password, accountEmail: state.accountEmail)
    }

    /// Returns a lease after a failed start. Should this fail too, the duty frees the lease later.
    private func giveBack(_ lease: PoolRepository.Lease?, reason: String) {
        guard let lease else { return }
        do {
            try PoolRepository(db).release(leaseID: lease.id, reason: reason, now: clock())
        } catch {
            logger.warning("cannot give a lease back; the stuck-host duty will", metadata: [
                "lease": "\(lease.id)", "error": "\(error)"])
        }
    }

    /// Runs `body` holding the lesson's named start lock (one start or end at a time per lesson).
    func withStartLock<T>(_ lessonID: Int64, _ body: () throws -> T) throws -> T {
        try db.withNamedLock("lectern.lesson-start.\(lessonID)", waitSeconds: Self.startLockSeconds, timeout: {
            PoolError.conflict(code: "start_in_progress",
                               detail: "Another start or end of this lesson is still in progress; try again.")
        }, body)
    }
}
