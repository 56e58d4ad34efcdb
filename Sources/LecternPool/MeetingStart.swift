/// The answer of the start endpoints (SPEC §4); the API writes it (`MeetingStart+JSON`).
public struct MeetingStart: Sendable, Equatable {
    public var lessonID: Int64
    public var zoomStartURL: String
    public var zoomJoinURL: String
    public var zoomMeetingID: String
    public var zoomPassword: String?
    /// The pool host's email; `nil` for a meeting of the teacher's own app.
    public var accountEmail: String?

    public init(lessonID: Int64, zoomStartURL: String, zoomJoinURL: String, zoomMeetingID: String, zoomPassword: String?,
                accountEmail: String?) {
        self.lessonID = lessonID
        self.zoomStartURL = zoomStartURL
        self.zoomJoinURL = zoomJoinURL
        self.zoomMeetingID = zoomMeetingID
        self.zoomPassword = zoomPassword
        self.accountEmail = accountEmail
    }
}
