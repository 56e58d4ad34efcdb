import LecternPool
import Logging

extension RequestContext {
    /// Changes events for this request, with Zoom clients built from the database.
    func eventLifecycle() throws -> EventLifecycle {
        let box = try secretBox()
        let apps = ZoomApps(db: db, box: box, endpoints: configuration.zoomEndpoints, transport: services.httpClient)
        return EventLifecycle(db: db, meetings: EventMeetings(apps: apps, logger: Logger(label: "events")), box: box,
                              now: now)
    }
}
