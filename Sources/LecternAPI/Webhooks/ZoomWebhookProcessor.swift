import Foundation
import LecternCore
import LecternCrypto
import LecternStore

/// Applies one verified, parsed Zoom event to the database and records it in
/// `webhook_events`, all in one short transaction. Heavy work (downloads, uploads) is only
/// queued, as `recording.transfer` jobs for the transfer child, so Zoom is answered at once.
///
/// Every effect is keyed on business keys (meeting UUID or id, Zoom file id), so repeated,
/// concurrent and out-of-order deliveries of an event leave the same state as one, and scoped
/// to the app whose secret signed the delivery (SPEC §5): another app's meetings and files are
/// left alone (`ignored_foreign_app`).
struct ZoomWebhookProcessor {
    let db: Connection
    /// `LECTERN_FILE_TYPES`.
    let fileTypes: [String]
    /// Seals `download_token`; without a master key the token is not kept (the transfer
    /// asks Zoom for fresh download links instead).
    let box: SecretBox?
    let now: Date

    /// Where a delivery came from.
    struct Delivery {
        /// The app whose secret signed it.
        var appID: Int64
        /// `x-zm-trackingid`.
        var trackingID: String?
        var body: [UInt8]
    }

    func apply(_ event: ZoomWebhookEvent, _ delivery: Delivery) throws -> WebhookOutcome {
        try db.transaction { tx in
            let outcome = try changes(for: event, appID: delivery.appID, tx)
            try WebhookEventRepository(tx).record(.init(
                appID: delivery.appID, event: event.name, trackingID: delivery.trackingID,
                eventTimestamp: event.eventTimestamp, dedupeKey: event.dedupeKey,
                body: WebhookBodyRedaction.redact(delivery.body, secrets: Self.secrets(of: event)), outcome: outcome))
            return outcome
        }
    }

    private func changes(for event: ZoomWebhookEvent, appID: Int64, _ tx: Connection) throws -> WebhookOutcome {
        switch event.action {
        case .validateURL:
            return .validated
        case .unknown:
            return .ignored
        case .meetingStarted(let meeting):
            return Self.outcome(try MeetingEventRepository(tx).meetingStarted(
                meetingID: meeting.id, uuid: meeting.uuid, appID: appID, startedAt: meeting.startTime ?? now))
        case .meetingEnded(let meeting):
            return Self.outcome(try MeetingEventRepository(tx).meetingEnded(
                meetingID: meeting.id, uuid: meeting.uuid, appID: appID, endedAt: meeting.endTime ?? now, now: now))
        case .recordingsCompleted(let recordings):
            return try completed(recordings, eventDate: event.eventDate, appID: appID, tx)
        case .recordingsRemoved(let recordings):
            return try removed(recordings, appID: appID, tx)
        }
    }

    /// One `pending` row and one transfer job per transferable file (``RecordingRepository/admit``).
    private func completed(_ recordings: WebhookRecordings, eventDate: Date?, appID: Int64,
                           _ tx: Connection) throws -> WebhookOutcome {
        guard recordings.files.contains(where: { $0.isTransferable(fileTypes: fileTypes) }) else { return .ignored }
        let sealedToken = recordings.downloadToken.flatMap { token in box?.seal(token) }
        // Zoom's 24 hours run from the event, which a retried delivery carries unchanged.
        let tokenExpiry = sealedToken.map { _ in
            min(eventDate ?? now, now).addingTimeInterval(WebhookRecordings.downloadTokenLifetime)
        }
        switch try RecordingRepository(tx).admit(recordings, fileTypes: fileTypes, appID: appID,
                                                 downloadTokenSealed: sealedToken, downloadTokenExpiresAt: tokenExpiry) {
        case .added: return .applied
        case .unchanged: return .duplicate
        case .foreignApp: return .ignoredForeignApp
        }
    }

    /// Files not yet copied become `deleted_in_zoom` and their queued transfers are cancelled;
    /// copied ones keep their Drive copy and note the deletion.
    private func removed(_ recordings: WebhookRecordings, appID: Int64, _ tx: Connection) throws -> WebhookOutcome {
        let files = recordings.files.filter { $0.isOneOf(fileTypes) }.sorted { $0.id < $1.id }
        guard !files.isEmpty else { return .ignored }
        let repository = RecordingRepository(tx)
        let meeting = recordings.meeting
        guard let owner = try repository.owner(of: meeting, appID: appID) else { return .ignoredForeignApp }
        var applied = false
        for file in files {
            let stored = try repository.markDeletedInZoom(
                .init(file: file, meeting: meeting, lessonID: owner.lessonID, eventID: owner.eventID, appID: appID),
                now: now)
            var cancelled = false
            if stored.status == .deletedInZoom {
                cancelled = try JobQueue(tx).cancelPending(dedupeKey: RecordingTransferJob.dedupeKey(zoomFileID: file.id),
                                                           reason: "the recording was deleted in Zoom")
            }
            applied = applied || stored.changed || cancelled
        }
        return applied ? .applied : .duplicate
    }

    private static func outcome(_ change: MeetingEventRepository.Change) -> WebhookOutcome {
        if change.matched == 0 { return change.foreign > 0 ? .ignoredForeignApp : .unmatched }
        return change.changedAnything ? .applied : .duplicate
    }

    /// What must not reach the audit trail in clear.
    private static func secrets(of event: ZoomWebhookEvent) -> [String] {
        switch event.action {
        case .recordingsCompleted(let recordings), .recordingsRemoved(let recordings):
            return recordings.downloadToken.map { [$0] } ?? []
        default:
            return []
        }
    }
}
