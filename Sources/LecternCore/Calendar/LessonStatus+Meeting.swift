extension LessonStatus {
    /// The status after Zoom reports the lesson's meeting started: a scheduled lesson goes
    /// live; any other stays as it is, so a late or repeated `meeting.started` (delivered
    /// after `meeting.ended`) cannot bring an ended or cancelled lesson back.
    public var afterMeetingStarted: LessonStatus {
        self == .scheduled ? .live : self
    }

    /// The status after Zoom reports the meeting ended: scheduled or live lessons end.
    public var afterMeetingEnded: LessonStatus {
        self == .scheduled || self == .live ? .ended : self
    }

    /// The statuses a `meeting.started` changes.
    public static var startedByMeeting: [LessonStatus] {
        allCases.filter { $0.afterMeetingStarted != $0 }
    }

    /// The statuses of a lesson that may be deleted, if it never ran in Zoom.
    public static let deletable: [LessonStatus] = [.scheduled, .cancelled]

    /// The statuses a `meeting.ended` changes.
    public static var endedByMeeting: [LessonStatus] {
        allCases.filter { $0.afterMeetingEnded != $0 }
    }
}
