/// The answer of the start endpoints (SPEC §4).
public struct MeetingStart: Sendable, Equatable, Encodable {
    public var lessonID: Int64
    public var zoomStartURL: String
    public var zoomJoinURL: String
    public var zoomMeetingID: String
    public var zoomPassword: String?
    /// The pool host's email; `nil` for a meeting of the teacher's own app.
    public var accountEmail: String?

    enum CodingKeys: String, CodingKey {
        case lessonID = "lessonId"
        case zoomStartURL = "zoomStartUrl"
        case zoomJoinURL = "zoomJoinUrl"
        case zoomMeetingID = "zoomMeetingId"
        case zoomPassword, accountEmail
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(lessonID, forKey: .lessonID)
        try container.encode(zoomStartURL, forKey: .zoomStartURL)
        try container.encode(zoomJoinURL, forKey: .zoomJoinURL)
        try container.encode(zoomMeetingID, forKey: .zoomMeetingID)
        // Always present, null when absent, so clients see the documented shape.
        try container.encode(zoomPassword, forKey: .zoomPassword)
        try container.encode(accountEmail, forKey: .accountEmail)
    }
}
