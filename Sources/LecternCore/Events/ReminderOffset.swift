import Foundation

/// How long before an event a reminder goes out (seed 004): an hour, or one to four days.
/// A day is 24 hours, whatever the clocks do in between.
public enum ReminderOffset: String, Sendable, CaseIterable, Comparable {
    case oneHour = "1h"
    case oneDay = "1d"
    case twoDays = "2d"
    case threeDays = "3d"
    case fourDays = "4d"

    public var seconds: TimeInterval {
        switch self {
        case .oneHour: return 3_600
        case .oneDay: return 86_400
        case .twoDays: return 2 * 86_400
        case .threeDays: return 3 * 86_400
        case .fourDays: return 4 * 86_400
        }
    }

    /// The offset in words, for the reminder's text: `1 hour`, `2 days`.
    public var phrase: String {
        switch self {
        case .oneHour: return "1 hour"
        case .oneDay: return "1 day"
        case .twoDays: return "2 days"
        case .threeDays: return "3 days"
        case .fourDays: return "4 days"
        }
    }

    /// Nearest to the event first.
    public static func < (lhs: ReminderOffset, rhs: ReminderOffset) -> Bool {
        lhs.seconds < rhs.seconds
    }
}
