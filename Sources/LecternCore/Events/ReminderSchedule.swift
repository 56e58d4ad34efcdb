import Foundation

/// An event's reminders: one per offset before its start, for the host and every participant.
public struct ReminderSchedule: Sendable, Equatable {
    public var start: Date
    public var offsets: [ReminderOffset]

    public init(start: Date, offsets: [ReminderOffset]) {
        self.start = start
        self.offsets = offsets
    }

    /// When the reminder of `offset` is due, if the schedule has that offset.
    public func due(_ offset: ReminderOffset) -> Date? {
        offsets.contains(offset) ? start.addingTimeInterval(-offset.seconds) : nil
    }

    /// The reminders still to come after `now`; those whose time has passed are skipped.
    public func dueTimes(after now: Date) -> [ReminderOffset: Date] {
        var times: [ReminderOffset: Date] = [:]
        for offset in offsets {
            if let due = due(offset), due > now { times[offset] = due }
        }
        return times
    }

    /// What moving from `old` (`nil`: nothing was queued yet) to this schedule does to the
    /// queued reminders, per offset; offsets left out need nothing. A reminder whose time
    /// stays the same is kept even when that time has passed (it may be on its way out);
    /// one whose new time has passed is dropped rather than sent late; reminders already
    /// sent are never repeated.
    public func changes(from old: ReminderSchedule?, now: Date) -> [ReminderOffset: ReminderChange] {
        var changes: [ReminderOffset: ReminderChange] = [:]
        for offset in ReminderOffset.allCases {
            let before = old?.due(offset)
            switch due(offset) {
            case nil:
                if before != nil { changes[offset] = .drop }
            case let after? where after == before:
                changes[offset] = .keep
            case let after? where after <= now:
                if before != nil { changes[offset] = .drop }
            case let after?:
                changes[offset] = .queue(after)
            }
        }
        return changes
    }
}
