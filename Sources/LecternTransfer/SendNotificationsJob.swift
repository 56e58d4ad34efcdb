import Foundation
import LecternCore
import LecternSMTP
import LecternStore
import Logging

/// `duty.send_notifications`: every minute, mails the outbox's due notifications (SPEC §8).
///
/// Rows are claimed in batches with a per-row lease (see ``NotificationRepository``), so
/// however many transfer processes run this duty at once, each row is sent by one of them;
/// the lease is renewed just before each send and outlasts the transport's timeout. Rules
/// (late rows skipped, retries, giving up) are ``NotificationDelivery``'s. Without mail
/// settings the duty does nothing: notifications stay in the outbox.
///
/// A row is marked sent right after the server accepted it; only a crash between the two
/// (or a lost reply to `DATA`) can send it twice, and the second copy carries the same
/// `Message-ID`.
public final class SendNotificationsJob: JobHandler {
    public static let kind = "duty.send_notifications"
    public static let interval: TimeInterval = 60
    /// Rows claimed at once (one log line each).
    static let batchSize = 20
    /// No new batch is claimed after this long; the next minute's run goes on.
    static let timeBudget: TimeInterval = 45

    /// The transport and sender, or `nil` for outbox only.
    public struct Mail {
        public var transport: MailTransport
        public var from: MailMailbox
        /// At least the longest a send can take, so that a claim never lapses mid-send.
        public var sendTimeout: TimeInterval

        public init(transport: MailTransport, from: MailMailbox, sendTimeout: TimeInterval) {
            self.transport = transport
            self.from = from
            self.sendTimeout = sendTimeout
        }
    }

    let db: Connection
    let mail: Mail?
    let logger: Logger
    private let host: String

    public init(db: Connection, mail: Mail?, logger: Logger) {
        self.db = db
        self.mail = mail
        self.logger = logger
        var name = [CChar](repeating: 0, count: 256)
        gethostname(&name, name.count - 1)
        self.host = String(cString: name)
    }

    public var kind: String { Self.kind }

    /// What became of one claimed row.
    enum Result {
        case sent, retrying, gaveUp, skipped, lost
    }

    public func run(_ job: JobQueue.ClaimedJob) throws -> JobOutcome {
        guard let mail else { return .done }
        let holder = "notify:\(host):\(getpid()):\(job.id)"
        let leaseSeconds = Int(mail.sendTimeout.rounded(.up)) * 2 + 30
        let repository = NotificationRepository(db)
        let started = Date()
        while true {
            let batch = try repository.claimDue(holder: holder, limit: Self.batchSize, leaseSeconds: leaseSeconds)
            if batch.isEmpty { break }
            var counts: [Result: Int] = [:]
            var firstError: String?
            for notification in batch {
                let (result, error) = try deliver(notification, mail: mail, holder: holder, leaseSeconds: leaseSeconds,
                                                  repository: repository)
                counts[result, default: 0] += 1
                if firstError == nil, let error { firstError = "#\(notification.id): \(error)" }
            }
            var metadata: Logger.Metadata = ["batch": "\(batch.count)"]
            if let firstError { metadata["first_error"] = "\(firstError)" }
            if let lost = counts[.lost] { metadata["taken_over"] = "\(lost)" }
            let summary = "\(counts[.sent] ?? 0) sent, \(counts[.retrying] ?? 0) to retry, "
                + "\(counts[.gaveUp] ?? 0) given up, \(counts[.skipped] ?? 0) skipped"
            logger.info("notifications: \(summary)", metadata: metadata)
            if batch.count < Self.batchSize || Date().timeIntervalSince(started) >= Self.timeBudget { break }
        }
        return .done
    }

    /// Sends one claimed row and records the result; returns it with the error, if any.
    private func deliver(_ notification: NotificationRepository.Claimed, mail: Mail, holder: String, leaseSeconds: Int,
                         repository: NotificationRepository) throws -> (Result, String?) {
        if case .skip(let reason) = NotificationDelivery.verdict(overdueSeconds: notification.overdueSeconds,
                                                                 attempts: notification.attempts) {
            try repository.markSkipped(id: notification.id, holder: holder, reason: reason)
            return (.skipped, nil)
        }
        let recipient: MailAddress
        let message: [UInt8]
        do {
            recipient = try MailAddress(notification.recipientEmail, field: "the recipient")
            message = try MailMessage(
                from: mail.from, to: recipient, subject: MailMessage.singleLine(notification.subject), body: notification.body,
                date: Date(),
                messageID: MailMessage.messageID(notificationID: notification.id, createdAt: notification.createdAt,
                                                 domain: mail.from.address.domain)).rendered()
        } catch {
            let reason = "not sendable: \(error)"
            try repository.markFailed(id: notification.id, holder: holder, error: reason, retryAfterSeconds: nil)
            return (.gaveUp, reason)
        }
        guard try repository.renewClaim(id: notification.id, holder: holder, leaseSeconds: leaseSeconds) else {
            return (.lost, nil)
        }
        do {
            try mail.transport.send(from: mail.from.address, to: [recipient], message: message)
        } catch {
            let attempt = notification.attempts + 1
            switch NotificationDelivery.afterFailure(attempt: attempt, jitter: Double.random(in: 0..<1)) {
            case .retry(let seconds):
                try repository.markFailed(id: notification.id, holder: holder, error: "\(error)", retryAfterSeconds: seconds)
                return (.retrying, "\(error)")
            case .giveUp:
                let reason = "gave up after \(attempt) attempts: \(error)"
                try repository.markFailed(id: notification.id, holder: holder, error: reason, retryAfterSeconds: nil)
                return (.gaveUp, reason)
            }
        }
        try markSent(notification.id, repository: repository)
        return (.sent, nil)
    }

    /// The mail is out: record it, trying a few times, since a row left unmarked is sent again
    /// once its claim lapses.
    private func markSent(_ id: Int64, repository: NotificationRepository) throws {
        var attempt = 1
        while true {
            do {
                try repository.markSent(id: id)
                return
            } catch {
                guard attempt < 3 else { throw error }
                logger.warning("notification \(id) was sent but cannot be marked yet", metadata: ["error": "\(error)"])
                Thread.sleep(forTimeInterval: Double(attempt))
                attempt += 1
            }
        }
    }
}
