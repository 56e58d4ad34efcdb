/// What became of an accepted delivery, as recorded in `webhook_events.outcome`.
public enum WebhookOutcome: String, Sendable, CaseIterable {
    /// `endpoint.url_validation` answered.
    case validated
    /// The event changed something: a lesson's status, a lease, recordings or jobs.
    case applied
    /// Everything the event asks for was already so: a repeated or late delivery.
    case duplicate
    /// A meeting event for a meeting Lectern does not know.
    case unmatched
    /// An event Lectern does not act on, or recordings with no file of a transferred type.
    case ignored
    /// The meeting belongs to another app than the one whose secret signed the delivery, or
    /// is unknown to Lectern and the signer is not the pool's app (SPEC §5): nothing changed.
    case ignoredForeignApp = "ignored_foreign_app"
}
