import Foundation
import LecternStore

/// Enqueues the periodic duties (SPEC §8) as ordinary jobs, one per duty per time slot:
/// the job's `dedupe_key` names the slot, so however many transfer processes call this,
/// each slot's job is queued once and run by one of them.
public final class DutyScheduler {
    /// A job kind to enqueue every `interval` seconds.
    public struct Duty: Sendable {
        public var kind: String
        public var interval: TimeInterval

        public init(kind: String, interval: TimeInterval) {
            self.kind = kind
            self.interval = interval
        }
    }

    private let duties: [Duty]
    private var enqueuedSlots: [String: Int64] = [:]

    public init(duties: [Duty]) {
        self.duties = duties
    }

    /// The slot `now` falls in: whole intervals since the epoch.
    public static func slot(of now: Date, interval: TimeInterval) -> Int64 {
        Int64((now.timeIntervalSince1970 / interval).rounded(.down))
    }

    /// The dedupe key of a duty's job for one slot.
    public static func dedupeKey(kind: String, slot: Int64) -> String {
        "\(kind):\(slot)"
    }

    /// Enqueues each duty whose current slot this process has not enqueued yet; cheap to
    /// call on every loop, as it touches the database once per duty per slot.
    public func tick(queue: JobQueue, now: Date) throws {
        for duty in duties {
            let slot = Self.slot(of: now, interval: duty.interval)
            guard enqueuedSlots[duty.kind] != slot else { continue }
            try queue.enqueue(kind: duty.kind, runAt: Date(timeIntervalSince1970: Double(slot) * duty.interval),
                              dedupeKey: Self.dedupeKey(kind: duty.kind, slot: slot), maxAttempts: 1)
            enqueuedSlots[duty.kind] = slot
        }
    }
}
