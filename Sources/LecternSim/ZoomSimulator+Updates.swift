import Foundation

/// `PATCH` and `DELETE` of `/meetings/{id}` and `/webinars/{id}`. As in Zoom, a webinar is
/// not found under `/meetings/` nor a meeting under `/webinars/`.
extension ZoomSimulator {
    /// Webinars are type 5 (9 when recurring); every other type is a meeting.
    static let webinarTypes: Set<Int> = [5, 6, 9]

    func updateMeeting(_ request: SimRequest, key: String, webinar: Bool) -> SimResponse {
        guard let index = meetingIndex(key, webinar: webinar) else { return Self.notFound(key, webinar: webinar) }
        let change: SimMeetingRequest
        do { change = try request.decode(SimMeetingRequest.self) } catch {
            return .zoomError(400, code: 300, "Invalid request body.")
        }
        if let password = change.password,
           password.count > Self.maxPasswordLength || !password.allSatisfy(Self.passwordCharacters.contains) {
            return .zoomError(400, code: 300, "Invalid password: at most 10 characters of [a-zA-Z0-9@-_*].")
        }
        var meeting = state.meetings[index]
        if let topic = change.topic { meeting.topic = topic }
        if let startTime = change.startTime { meeting.startTime = startTime }
        if let duration = change.duration { meeting.duration = duration }
        if let timezone = change.timezone { meeting.timezone = timezone }
        if let agenda = change.agenda { meeting.agenda = agenda }
        if let password = change.password { meeting.password = password }
        state.meetings[index] = meeting
        return .noContent()
    }

    func deleteMeeting(key: String, webinar: Bool) -> SimResponse {
        guard let index = meetingIndex(key, webinar: webinar) else { return Self.notFound(key, webinar: webinar) }
        state.meetings.remove(at: index)
        return .noContent()
    }

    private func meetingIndex(_ key: String, webinar: Bool) -> Int? {
        guard let meeting = findMeeting(key), Self.webinarTypes.contains(meeting.type) == webinar else { return nil }
        return state.meetings.firstIndex { $0.id == meeting.id }
    }

    private static func notFound(_ key: String, webinar: Bool) -> SimResponse {
        .zoomError(404, code: 3001, "\(webinar ? "Webinar" : "Meeting") does not exist: \(decodeOnce(key)).")
    }
}
