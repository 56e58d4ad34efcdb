/// What a job handler decided about one attempt.
public enum JobOutcome: Sendable, Equatable {
    case done
    /// Try again later; counts as an attempt.
    case retry(reason: String)
    /// Never retry: the job cannot succeed (unknown kind, bad payload, subject gone).
    case failed(reason: String)
    case cancelled(reason: String)
}
