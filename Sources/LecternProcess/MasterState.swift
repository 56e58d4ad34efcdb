/// The master's life, as php-fpm names it: serving, replacing its workers, or stopping.
public enum MasterState: Equatable, Sendable {
    case running
    /// A new generation serves while the old one finishes its requests; a SIGHUP now is
    /// carried out once the old generation is gone.
    case reloading
    /// No new workers; waiting for children to exit until the deadline, then killing them.
    case terminating(deadlineMs: Int64)
}
