/// The API's route table (SPEC §4); each handler lives in the file named after its resource.
public enum Routes {
    /// The routes served, as `lectern routes` lists them.
    public static var table: [Router<Application.Handler>.Entry] { all().entries }

    static func all() -> Router<Application.Handler> {
        var router = Router<Application.Handler>()
        router.add(.post, "/api/auth/token/", AuthHandlers.createToken)
        router.add(.delete, "/api/auth/token/", AuthHandlers.revokeToken)
        router.add(.get, "/api/me/", AuthHandlers.me)
        router.add(.get, "/api/schedule/health/", OperationsHandlers.health)
        router.add(.get, "/api/schedule/status/", OperationsHandlers.status)
        router.add(.get, "/metrics", OperationsHandlers.metrics)
        router.add(.post, "/schedule/api/zoom/webhook/", ZoomWebhookHandlers.receive)
        router.add(.get, "/api/schema/", SchemaHandlers.schema)
        addSchedule(to: &router)
        addPool(to: &router)
        addEvents(to: &router)
        return router
    }

    /// Starting and ending meetings, the pool's hosts, personal Zoom credentials.
    private static func addPool(to router: inout Router<Application.Handler>) {
        router.add(.post, "/api/schedule/lessons/quick-start/", MeetingHandlers.quickStart)
        router.add(.post, "/api/schedule/lessons/{id}/start-new/", MeetingHandlers.startNew)
        router.add(.post, "/api/schedule/lessons/{id}/start/", MeetingHandlers.startPersonal)
        router.add(.post, "/api/schedule/lessons/{id}/end/", MeetingHandlers.end)
        router.add(.post, "/api/schedule/recurring-lessons/{id}/occurrences/{date}/start-new/",
                   MeetingHandlers.startOccurrence)
        router.add(.get, "/api/schedule/zoom-accounts/", ZoomAccountHandlers.list)
        router.add(.post, "/api/schedule/zoom-accounts/", ZoomAccountHandlers.create)
        router.add(.patch, "/api/schedule/zoom-accounts/{id}/", ZoomAccountHandlers.update)
        router.add(.post, "/api/schedule/zoom-accounts/{id}/release/", ZoomAccountHandlers.release)
        router.add(.put, "/api/me/zoom-credentials/", ZoomCredentialHandlers.put)
    }

    /// Groups, lessons, recurring lessons and the calendar.
    private static func addSchedule(to router: inout Router<Application.Handler>) {
        router.add(.get, "/api/schedule/groups/", GroupHandlers.list)
        router.add(.post, "/api/schedule/groups/", GroupHandlers.create)
        router.add(.get, "/api/schedule/groups/{id}/", GroupHandlers.show)
        router.add(.patch, "/api/schedule/groups/{id}/", GroupHandlers.update)
        router.add(.delete, "/api/schedule/groups/{id}/", GroupHandlers.delete)
        router.add(.post, "/api/schedule/groups/{id}/members/", GroupHandlers.addMember)
        router.add(.delete, "/api/schedule/groups/{id}/members/{student_id}/", GroupHandlers.removeMember)
        router.add(.get, "/api/schedule/lessons/", LessonHandlers.list)
        router.add(.post, "/api/schedule/lessons/", LessonHandlers.create)
        router.add(.get, "/api/schedule/lessons/{id}/", LessonHandlers.show)
        router.add(.patch, "/api/schedule/lessons/{id}/", LessonHandlers.update)
        router.add(.delete, "/api/schedule/lessons/{id}/", LessonHandlers.delete)
        router.add(.get, "/api/schedule/recurring-lessons/", RecurringLessonHandlers.list)
        router.add(.post, "/api/schedule/recurring-lessons/", RecurringLessonHandlers.create)
        router.add(.get, "/api/schedule/recurring-lessons/{id}/", RecurringLessonHandlers.show)
        router.add(.patch, "/api/schedule/recurring-lessons/{id}/", RecurringLessonHandlers.update)
        router.add(.delete, "/api/schedule/recurring-lessons/{id}/", RecurringLessonHandlers.delete)
        router.add(.post, "/api/schedule/recurring-lessons/{id}/occurrences/{date}/", RecurringLessonHandlers.materialize)
        router.add(.get, "/api/schedule/calendar/", CalendarHandlers.show)
        router.add(.get, "/api/schedule/lessons/{id}/recordings/", RecordingHandlers.ofLesson)
        router.add(.get, "/api/schedule/recordings/", RecordingHandlers.list)
        router.add(.post, "/api/schedule/recordings/{id}/retry/", RecordingHandlers.retry)
        router.add(.get, "/api/schedule/recordings/{id}/content/", RecordingHandlers.content)
        router.add(.get, "/api/schedule/drive-access/", DriveAccessHandlers.list)
        router.add(.post, "/api/schedule/drive-access/sync/", DriveAccessHandlers.sync)
    }

    /// Event providers, events and their participants (seed 004).
    private static func addEvents(to router: inout Router<Application.Handler>) {
        router.add(.get, "/api/schedule/event-providers/", EventProviderHandlers.list)
        router.add(.post, "/api/schedule/event-providers/", EventProviderHandlers.create)
        router.add(.get, "/api/schedule/event-providers/{id}/", EventProviderHandlers.show)
        router.add(.patch, "/api/schedule/event-providers/{id}/", EventProviderHandlers.update)
        router.add(.delete, "/api/schedule/event-providers/{id}/", EventProviderHandlers.delete)
        router.add(.get, "/api/schedule/events/", EventHandlers.list)
        router.add(.post, "/api/schedule/events/", EventHandlers.create)
        router.add(.get, "/api/schedule/events/{id}/", EventHandlers.show)
        router.add(.patch, "/api/schedule/events/{id}/", EventHandlers.update)
        router.add(.delete, "/api/schedule/events/{id}/", EventHandlers.delete)
        router.add(.post, "/api/schedule/events/{id}/participants/", EventHandlers.addParticipants)
        router.add(.delete, "/api/schedule/events/{id}/participants/{user_id}/", EventHandlers.removeParticipant)
    }
}
