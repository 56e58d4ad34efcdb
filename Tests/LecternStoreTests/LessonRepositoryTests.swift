import Foundation
import LecternCore
@testable import LecternStore
import LecternTestSupport
import XCTest

/// The calendar's statements against a real MariaDB holding the whole schema: what they
/// return, that they use indexes for a busy teacher, and idempotent materialisation.
final class LessonRepositoryTests: XCTestCase {
    private var db: Connection!
    private var teacher: Int64 = 0
    private var student: Int64 = 0
    private var group: Int64 = 0

    private let berlin = TimeZone(identifier: "Europe/Berlin")!

    override func setUpWithError() throws {
        let url = try TestDatabase.migrated("schedule")
        db = Connection(url: url, logger: TestDatabase.logger)
        try seedBusyTeachers()
    }

    override func tearDown() {
        db?.close()
    }

    /// 20 teachers with 500 lessons and 40 recurring lessons each over four weeks; the
    /// first also has a student.
    private func seedBusyTeachers() throws {
        let users = UserRepository(db)
        let groups = GroupRepository(db)
        student = try users.insert(email: "s@test.example", name: "S", role: .student, passwordHash: nil,
                                   timezone: "UTC", subscriptionExpiresAt: nil)
        for index in 0..<20 {
            let id = try users.insert(email: "t\(index)@test.example", name: "T", role: .teacher, passwordHash: nil,
                                      timezone: "UTC", subscriptionExpiresAt: nil)
            let groupID = try groups.insert(teacherID: id, name: "G\(index)", studentIDs: index == 0 ? [student] : [])
            if index == 0 { (teacher, group) = (id, groupID) }
            try db.execute("""
                INSERT INTO lessons (title, teacher_id, group_id, start_time, end_time)
                SELECT CONCAT('L', seq), ?, ?, TIMESTAMP '2030-02-04 06:00:00' + INTERVAL seq * 77 MINUTE,
                       TIMESTAMP '2030-02-04 07:00:00' + INTERVAL seq * 77 MINUTE
                FROM seq_0_to_499
                """, [.int(id), .int(groupID)])
        }
        let recurring = RecurringLessonRepository(db)
        for index in 0..<40 {
            let rule = RecurrenceRule(dayOfWeek: index % 7 + 1, startTime: LocalTime(hour: 8 + index % 10, minute: 0)!,
                                      durationMinutes: 60, weekType: .all, validFrom: day("2030-01-01"), validUntil: nil,
                                      timeZone: berlin)
            _ = try recurring.insert(RecurringLessonRecord(id: 0, title: "R\(index)", teacherID: teacher, groupID: group,
                                                          rule: rule, topics: nil, recordLesson: false))
        }
        // Every other teacher has as many recurring lessons, so that the index is worth using.
        try db.execute("""
            INSERT INTO recurring_lessons (title, teacher_id, group_id, day_of_week, start_time, duration_minutes,
                valid_from, timezone)
            SELECT CONCAT('R', seq), g.teacher_id, g.id, seq % 7 + 1, '09:00:00', 60, '2030-01-01', 'Europe/Berlin'
            FROM `groups` g JOIN seq_0_to_39 WHERE g.teacher_id <> ?
            """, [.int(teacher)])
        try db.execute("ANALYZE TABLE lessons, recurring_lessons, group_members")
    }

    private func day(_ text: String) -> CalendarDay { CalendarDay(parsing: text)! }

    private var fourWeeks: (window: DateInterval, first: CalendarDay, last: CalendarDay) {
        let range = try! DayRange(from: day("2030-02-04"), to: day("2030-03-03"))
        return (range.interval(in: TimeZone(identifier: "UTC")!), day("2030-02-02"), day("2030-03-05"))
    }

    func testCalendarReturnsTheTeachersLessonsOnly() throws {
        let span = fourWeeks
        let lessons = try LessonRepository(db).calendar(scope: .teacher(teacher), window: span.window,
                                                        first: span.first, last: span.last)
        XCTAssertEqual(lessons.count, 500)
        let rules = try RecurringLessonRepository(db).active(scope: .teacher(teacher), first: span.first, last: span.last)
        XCTAssertEqual(rules.count, 40)
        let seenByStudent = try LessonRepository(db).calendar(scope: .student(student), window: span.window,
                                                              first: span.first, last: span.last)
        XCTAssertEqual(seenByStudent.count, 500)
        XCTAssertEqual(try RecurringLessonRepository(db).active(scope: .everything, first: span.first, last: span.last).count,
                       800)
        XCTAssertEqual(try LessonRepository(db).calendar(scope: .everything, window: span.window, first: span.first,
                                                         last: span.last).count, 10_000)
    }

    /// The calendar is two statements (recurring lessons, then lessons); for a teacher or a
    /// student neither may scan a whole table.
    func testCalendarStatementsUseIndexes() throws {
        let span = fourWeeks
        for scope in [ScheduleScope.teacher(teacher), .student(student)] {
            let lessons = LessonRepository.calendarQuery(scope: scope, window: span.window, first: span.first, last: span.last)
            let rules = RecurringLessonRepository.activeQuery(scope: scope, first: span.first, last: span.last)
            for query in [lessons, rules] {
                let plan = try db.query("EXPLAIN " + query.sql, query.parameters)
                XCTAssertFalse(plan.isEmpty)
                for step in plan where !(step.string("table") ?? "").hasPrefix("<") {
                    XCTAssertNotEqual(step.string("type"), "ALL", "\(scope) full scan: \(describe(plan))")
                    XCTAssertNotNil(step.string("key"), "\(scope) no index: \(describe(plan))")
                }
            }
        }
    }

    func testMaterialisingTwiceGivesOneLesson() throws {
        let recurring = try XCTUnwrap(RecurringLessonRepository(db).list(scope: .teacher(teacher), afterID: 0, limit: 1).first)
        let date = day("2030-02-04").adding(days: recurring.rule.dayOfWeek - 1)
        let interval = recurring.rule.interval(on: date)
        let first = try LessonRepository(db).materialize(recurring, date: date, interval: interval)
        let second = try LessonRepository(db).materialize(recurring, date: date, interval: interval)
        XCTAssertTrue(first.created)
        XCTAssertFalse(second.created)
        XCTAssertEqual(first.id, second.id)
        XCTAssertEqual(try LessonRepository(db).materialized(recurringLessonID: recurring.id, date: date), first.id)
        let lesson = try XCTUnwrap(LessonRepository(db).find(id: first.id))
        XCTAssertEqual(lesson.occurrenceDate, date)
        XCTAssertEqual(lesson.start, interval.start)
        XCTAssertEqual(lesson.status, .scheduled)
    }

    private func describe(_ plan: [Row]) -> String {
        plan.map { "\($0.string("table") ?? "-") \($0.string("type") ?? "-") \($0.string("key") ?? "-")" }
            .joined(separator: "; ")
    }
}
