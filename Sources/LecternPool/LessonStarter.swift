import Foundation
import LecternCore
import LecternCrypto
import LecternStore
import LecternZoom
import Logging

/// Starts and ends lessons' Zoom meetings (SPEC §4), through the pool or a teacher's own app.
///
/// A start runs in three steps so that no transaction spans a Zoom call: a short
/// transaction locks the lesson row, takes the lesson's start claim (a random token with an
/// expiry, committed with the plan, so it replicates and outlives the session) and borrows
/// a host for that claim; the meeting is created in Zoom; a second short transaction
/// stores it on the lease and the lesson only while the claim is still this press's (a
/// fencing token). A second press meanwhile waits a little for the first, then answers
/// with its meeting or `409 start_in_progress`. A claim that expired (its press died or
/// hung) is taken over, and the late press's store then fails; a meeting Zoom made that
/// cannot be stored is deleted in Zoom. A failed press gives back only the lease its claim
/// took, and only while no meeting is attached to it. A process that dies after the first
/// step leaves a lease without a meeting, which the next press takes over once the claim
/// has expired, or the stuck-host duty frees after five minutes.
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

    /// Seconds a second press waits for the first to finish before answering `start_in_progress`.
    static let waitForOtherPressSeconds: TimeInterval = 10
    /// Seconds a created meeting's store is retried while the database is unreachable (a
    /// fail-over to another node takes a few seconds).
    static let storeRetrySeconds: TimeInterval = 10
    static let pollInterval: TimeInterval = 0.2

    let db: Connection
    let apps: ZoomClientSource
    let box: SecretBox
    let logger: Logger
    let clock: () -> Date
    let password: () -> String
    let pause: (TimeInterval) -> Void

    public init(db: Connection, apps: ZoomClientSource, box: SecretBox, logger: Logger,
                clock: @escaping () -> Date = Date.init, password: @escaping () -> String = { MeetingPassword.generate() },
                pause: @escaping (TimeInterval) -> Void = Thread.sleep) {
        self.db = db
        self.apps = apps
        self.box = box
        self.logger = logger
        self.clock = clock
        self.password = password
        self.pause = pause
    }

    private enum Plan {
        case existing(LessonMeetingRepository.State)
        case busy
        case create(LessonMeetingRepository.State, lease: PoolRepository.Lease?, appID: Int64, zoomUser: String)
    }

    /// Starts the lesson's meeting, or answers with the one it already has.
    public func start(lessonID: Int64, via route: Route) throws -> MeetingStart {
        let token = Self.newClaimToken()
        return try waitingForOtherPresses {
            switch try plan(lessonID: lessonID, route: route, token: token) {
            case .busy:
                return nil
            case .existing(let state):
                return try answer(state)
            case .create(let state, let lease, let appID, let zoomUser):
                return try create(state, lease: lease, appID: appID, zoomUser: zoomUser, token: token)
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

    /// Step 1: lock the lesson, decide, take the claim and borrow a host when the pool is the route.
    private func plan(lessonID: Int64, route: Route, token: String) throws -> Plan {
        try db.transaction { tx in
            let lessons = LessonMeetingRepository(tx)
            guard let state = try lessons.lockedState(lessonID: lessonID) else { throw PoolError.lessonNotFound }
            let now = clock()
            switch MeetingStartDecision.decide(status: state.status, hasMeeting: state.meetingID != nil,
                                               claimHeld: state.claimHeld(at: now)) {
            case .refuse(let code, let detail):
                throw PoolError.conflict(code: code, detail: detail)
            case .reuseMeeting:
                return .existing(state)
            case .inProgress:
                return .busy
            case .createMeeting:
                try lessons.takeClaim(lessonID: lessonID, StartClaim.taken(token: token, now: now))
                if case .app(let appID) = route {
                    return .create(state, lease: nil, appID: appID, zoomUser: "me")
                }
                let pool = PoolRepository(tx)
                // A lease left by a start that died or expired before storing is this lesson's already.
                if let lease = try pool.takeOverMeetinglessLease(lessonID: lessonID, claim: token)
                    ?? pool.capture(lessonID: lessonID, claim: token, now: now) {
                    return .create(state, lease: lease, appID: lease.appID, zoomUser: lease.zoomUser)
                }
                throw PoolError.poolExhausted(retryAfterSeconds: PoolRules.exhaustedRetryAfterSeconds)
            }
        }
    }

    /// Steps 2 and 3: create the meeting outside any transaction, then store it.
    private func create(_ state: LessonMeetingRepository.State, lease: PoolRepository.Lease?, appID: Int64,
                        zoomUser: String, token: String) throws -> MeetingStart {
        let now = clock()
        let minutes = max(1, Int((state.end.timeIntervalSince(state.start) / 60).rounded(.up)))
        let request = MeetingRequest(topic: String(state.title.prefix(200)), startTime: max(state.start, now),
                                     duration: minutes, timezone: state.timezone, password: password(),
                                     agenda: state.topics.map { String($0.prefix(2000)) }, record: state.recordLesson)
        let meeting: ZoomMeeting
        do {
            meeting = try apps.client(appID: appID).createMeeting(userID: zoomUser, request)
        } catch {
            giveBack(lessonID: state.id, lease: lease, token: token, reason: "zoom_error")
            if let zoomError = error as? ZoomError { throw PoolError.zoom(zoomError) }
            throw error
        }
        let stored = LessonMeetingRepository.Meeting(
            meetingID: String(meeting.id), uuid: meeting.uuid, startURLSealed: box.seal(meeting.startUrl, .lessonStartURL, rowID: state.id),
            joinURL: meeting.joinUrl, password: meeting.password ?? request.password, appID: appID,
            accountID: lease?.accountID)
        do {
            try store(stored, lessonID: state.id, lease: lease, token: token, now: now)
        } catch let failure as StoreFailure {
            logger.warning("a created Zoom meeting could not be stored", metadata: [
                "lesson": "\(state.id)", "meeting": "\(meeting.id)", "error": "\(failure.error)"])
            if failure.mayHaveCommitted {
                // Deleting a meeting the lesson may now be using would be worse than an unused one in Zoom.
                logger.error("unknown whether a created Zoom meeting was stored; keeping it", metadata: [
                    "lesson": "\(state.id)", "meeting": "\(meeting.id)"])
            } else {
                MeetingDiscard(db: db, apps: apps, logger: logger).discard(appID: appID, meetingID: stored.meetingID,
                                                                          reason: "start_not_stored")
                giveBack(lessonID: state.id, lease: lease, token: token, reason: "store_failed")
            }
            throw failure.error
        }
        return MeetingStart(lessonID: state.id, zoomStartURL: meeting.startUrl, zoomJoinURL: meeting.joinUrl,
                            zoomMeetingID: stored.meetingID, zoomPassword: stored.password,
                            accountEmail: lease?.email)
    }

    /// Why a created meeting is not stored; `mayHaveCommitted` when the connection broke
    /// during the COMMIT, so the store may have happened after all.
    private struct StoreFailure: Error {
        var error: Error
        var mayHaveCommitted: Bool
    }

    /// Step 3, fenced by the claim. While the database is unreachable the store is retried
    /// for a few seconds; a store whose COMMIT was lost is recognised by the meeting it left.
    private func store(_ stored: LessonMeetingRepository.Meeting, lessonID: Int64, lease: PoolRepository.Lease?,
                       token: String, now: Date) throws {
        let deadline = clock().addingTimeInterval(Self.storeRetrySeconds)
        var mayHaveCommitted = false
        while true {
            var reachedCommit = false
            do {
                try db.transaction { tx in
                    reachedCommit = false
                    let lessons = LessonMeetingRepository(tx)
                    guard let current = try lessons.lockedState(lessonID: lessonID) else { throw PoolError.lessonNotFound }
                    if current.meetingID == stored.meetingID { return }  // an earlier attempt's COMMIT went through
                    guard current.claimToken == token else {
                        throw PoolError.conflict(code: "start_in_progress",
                                                 detail: "Another start of this lesson took over while its meeting was being created.")
                    }
                    guard current.meetingID == nil, current.status == .scheduled || current.status == .live else {
                        throw PoolError.conflict(code: "lesson_changed",
                                                 detail: "The lesson changed while its meeting was being created.")
                    }
                    if let lease, try !PoolRepository(tx).attachMeeting(leaseID: lease.id, claim: token,
                                                                         meetingID: stored.meetingID, uuid: stored.uuid) {
                        throw PoolError.conflict(code: "host_released",
                                                 detail: "The pool host was released while the meeting was being created.")
                    }
                    guard try lessons.storeMeeting(lessonID: lessonID, stored, token: token, now: now) else {
                        throw PoolError.conflict(code: "lesson_changed",
                                                 detail: "The lesson changed while its meeting was being created.")
                    }
                    reachedCommit = true
                }
                return
            } catch DatabaseError.unavailable(let why) {
                mayHaveCommitted = mayHaveCommitted || reachedCommit
                guard clock() < deadline else {
                    throw StoreFailure(error: DatabaseError.unavailable(why), mayHaveCommitted: mayHaveCommitted)
                }
                pause(Self.pollInterval)
            } catch {
                // Rolled back (a refusal, or an error before COMMIT): this attempt stored nothing.
                // An earlier attempt whose COMMIT was lost would have been recognised above.
                throw StoreFailure(error: error, mayHaveCommitted: false)
            }
        }
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

    /// After a failed start: gives back the lease this press took, if it still has no meeting
    /// and is still this press's, and clears the press's claim so the next press need not
    /// wait. Should this fail too, the claim expires and the duty frees the lease later.
    func giveBack(lessonID: Int64, lease: PoolRepository.Lease?, token: String, reason: String) {
        do {
            try db.transaction { tx in
                guard try LessonMeetingRepository(tx).lockedState(lessonID: lessonID) != nil else { return }
                if let lease {
                    try PoolRepository(tx).giveBack(leaseID: lease.id, claim: token, reason: reason, now: clock())
                }
                try LessonMeetingRepository(tx).clearClaim(lessonID: lessonID, token: token)
            }
        } catch {
            logger.warning("cannot give a lease back; the stuck-host duty will", metadata: [
                "lesson": "\(lessonID)", "lease": "\(lease.map { String($0.id) } ?? "-")", "error": "\(error)"])
        }
    }

    /// Runs `attempt` until it answers, waiting while another press holds the lesson's claim
    /// (`attempt` returns `nil`), up to ``waitForOtherPressSeconds``.
    func waitingForOtherPresses<T>(_ attempt: () throws -> T?) throws -> T {
        let deadline = clock().addingTimeInterval(Self.waitForOtherPressSeconds)
        while true {
            if let result = try attempt() { return result }
            guard clock() < deadline else {
                throw PoolError.conflict(code: "start_in_progress",
                                         detail: "Another start or end of this lesson is still in progress; try again.")
            }
            pause(Self.pollInterval)
        }
    }

    /// A fresh claim token: 16 random bytes in hex (the 32 characters of `start_claim`).
    static func newClaimToken() -> String {
        SecureRandom.hex(16)
    }
}
