/// What pressing "start" does to a lesson in a given state.
public enum MeetingStartDecision: Sendable, Equatable {
    /// The lesson cannot be started; `code` is the API's error code.
    case refuse(code: String, detail: String)
    /// It already has a meeting: answer with that one (no second lease, no second meeting).
    case reuseMeeting
    /// Another press holds the lesson's unexpired start claim: wait for it, or answer
    /// `409 start_in_progress`.
    case inProgress
    /// Claim the lesson and create a meeting.
    case createMeeting

    /// Cancelled and ended lessons are refused; a lesson with a meeting keeps it; a lesson
    /// another press is starting is left to that press until its claim expires.
    public static func decide(status: LessonStatus, hasMeeting: Bool, claimHeld: Bool = false) -> MeetingStartDecision {
        switch status {
        case .cancelled:
            return .refuse(code: "lesson_cancelled", detail: "The lesson is cancelled; it cannot be started.")
        case .ended:
            return .refuse(code: "lesson_ended", detail: "The lesson has ended; it cannot be started again.")
        case .scheduled, .live:
            if hasMeeting { return .reuseMeeting }
            return claimHeld ? .inProgress : .createMeeting
        }
    }
}
