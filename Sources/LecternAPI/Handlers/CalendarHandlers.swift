import Foundation
import LecternCore
import LecternStore

/// `GET /api/schedule/calendar/?from=&to=`: lessons and virtual occurrences of recurring
/// lessons starting within the caller's local days, sorted by start.
enum CalendarHandlers {
    struct Answer: JSONWritable {
        var events: [CalendarEventJSON]

        func write(to json: inout JSONWriter) {
            json.object { json in json.field("events", events) }
        }
    }

    static func show(_ context: RequestContext) throws -> HTTPResponse {
        let user = try context.user()
        let scope = ScheduleScope(user)
        let days = try ScheduleInput.dayRange(context.request)
        let range = try DayRange.limited(from: days.from, to: days.to)
        let window = range.interval(in: ScheduleInput.zone(of: user))
        // Lessons' own local days can be up to two days off the caller's (UTC-12 against UTC+14).
        let first = InputBounds.storable(range.from.adding(days: -2))
        let last = InputBounds.storable(range.to.adding(days: 2))

        let recurring = try RecurringLessonRepository(context.db).active(scope: scope, first: first, last: last)
        let lessons = try LessonRepository(context.db).calendar(scope: scope, window: InputBounds.storable(window),
                                                                first: first, last: last)
        let materialised = Set(lessons.compactMap { lesson in
            lesson.recurringLessonID.flatMap { id in lesson.occurrenceDate.map { OccurrenceKey(recurringLessonID: id, date: $0) } }
        })
        let byID = Dictionary(uniqueKeysWithValues: recurring.map { ($0.id, $0) })
        let occurrences = OccurrenceExpander(parity: context.configuration.weekParity(now: context.now))
            .occurrences(of: recurring.map { (id: $0.id, rule: $0.rule) }, in: window, excluding: materialised)

        // Materialised lessons moved outside the window were fetched only to hide their occurrence.
        var events = lessons.filter { $0.start >= window.start && $0.start < window.end }.map(CalendarEventJSON.init)
        events += occurrences.compactMap { occurrence in
            byID[occurrence.key.recurringLessonID].map { CalendarEventJSON(occurrence, of: $0) }
        }
        events.sort { ($0.startTime, $0.kind, $0.id) < ($1.startTime, $1.kind, $1.id) }
        return JSONBody.response(200, Answer(events: events))
    }
}
