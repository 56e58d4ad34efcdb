/// The life of a row in the `jobs` hand-off queue.
///
/// `pending` → `running` (claimed, leased) → `done` | `failed` | back to `pending` with a later
/// `run_at`; `cancelled` when its subject went away. A running job whose lease expired is
/// claimable again: its holder died.
public enum JobStatus: String, Sendable, CaseIterable {
    case pending, running, done, failed, cancelled
}
