import Foundation
import LecternCore
import XCTest

final class ReminderScheduleTests: XCTestCase {
    private let now = Date(timeIntervalSince1970: 1_900_000_000)
    private let hour: TimeInterval = 3_600
    private let day: TimeInterval = 86_400

    func testDueTimesAreBeforeTheStartAndSkipThePast() {
        let start = now.addingTimeInterval(2 * day + hour)
        let schedule = ReminderSchedule(start: start, offsets: [.oneHour, .oneDay, .twoDays, .threeDays])
        XCTAssertEqual(schedule.dueTimes(after: now), [
            .oneHour: start.addingTimeInterval(-hour),
            .oneDay: start.addingTimeInterval(-day),
            .twoDays: start.addingTimeInterval(-2 * day),
        ])
        XCTAssertEqual(schedule.due(.threeDays), start.addingTimeInterval(-3 * day))
        XCTAssertNil(schedule.due(.fourDays))
        // Due exactly now counts as passed.
        XCTAssertNil(ReminderSchedule(start: now.addingTimeInterval(hour), offsets: [.oneHour]).dueTimes(after: now)[.oneHour])
    }

    func testSchedulingQueuesTheFutureOnes() {
        let start = now.addingTimeInterval(1.5 * day)
        let schedule = ReminderSchedule(start: start, offsets: [.oneHour, .oneDay, .twoDays])
        XCTAssertEqual(schedule.changes(from: nil, now: now), [
            .oneHour: .queue(start.addingTimeInterval(-hour)),
            .oneDay: .queue(start.addingTimeInterval(-day)),
        ])
    }

    func testMovingLaterMovesEveryReminder() {
        let old = ReminderSchedule(start: now.addingTimeInterval(5 * day), offsets: [.oneHour, .oneDay])
        let start = now.addingTimeInterval(8 * day)
        let new = ReminderSchedule(start: start, offsets: [.oneHour, .oneDay])
        XCTAssertEqual(new.changes(from: old, now: now), [
            .oneHour: .queue(start.addingTimeInterval(-hour)),
            .oneDay: .queue(start.addingTimeInterval(-day)),
        ])
    }

    func testMovingEarlierDropsRemindersWhoseTimeHasPassed() {
        let old = ReminderSchedule(start: now.addingTimeInterval(5 * day), offsets: [.oneHour, .oneDay, .fourDays])
        let start = now.addingTimeInterval(2 * day)
        let new = ReminderSchedule(start: start, offsets: [.oneHour, .oneDay, .fourDays])
        XCTAssertEqual(new.changes(from: old, now: now), [
            .oneHour: .queue(start.addingTimeInterval(-hour)),
            .oneDay: .queue(start.addingTimeInterval(-day)),
            .fourDays: .drop,
        ])
    }

    func testChangingOffsetsAddsAndRemoves() {
        let start = now.addingTimeInterval(3 * day)
        let old = ReminderSchedule(start: start, offsets: [.oneHour, .twoDays])
        let new = ReminderSchedule(start: start, offsets: [.oneHour, .oneDay])
        XCTAssertEqual(new.changes(from: old, now: now), [
            .oneHour: .keep,
            .oneDay: .queue(start.addingTimeInterval(-day)),
            .twoDays: .drop,
        ])
    }

    func testAnUnchangedTimeIsKeptEvenWhenItHasPassed() {
        // The 1 d reminder is due (and may be on its way out); renaming the event keeps it.
        let start = now.addingTimeInterval(20 * hour)
        let schedule = ReminderSchedule(start: start, offsets: [.oneHour, .oneDay])
        XCTAssertEqual(schedule.changes(from: schedule, now: now), [.oneHour: .keep, .oneDay: .keep])
    }

    func testAnAddedOffsetWhoseTimeHasPassedIsNotQueued() {
        let start = now.addingTimeInterval(20 * hour)
        let old = ReminderSchedule(start: start, offsets: [.oneHour])
        let new = ReminderSchedule(start: start, offsets: [.oneHour, .oneDay])
        XCTAssertEqual(new.changes(from: old, now: now), [.oneHour: .keep])
    }

    func testNoOffsetsNoChanges() {
        let schedule = ReminderSchedule(start: now.addingTimeInterval(day), offsets: [])
        XCTAssertEqual(schedule.changes(from: nil, now: now), [:])
        XCTAssertEqual(schedule.dueTimes(after: now), [:])
    }
}
