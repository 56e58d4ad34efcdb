import Foundation

/// One ended meeting's cloud recording as the emulated Zoom keeps it: what it lists,
/// serves for download, trashes and deletes. A copy of the meeting's details, so that it
/// outlives `POST /_sim/reset`-style meeting churn and carries its actual times.
struct SimRecording: Codable, Equatable {
    var meetingId: Int64
    var meetingUuid: String
    var hostId: String
    var hostEmail: String
    var topic: String
    var type: Int
    var timezone: String
    var password: String
    /// Minutes, as Zoom reports `duration`.
    var duration: Int
    var start: Date
    var end: Date
    var files: [SimRecordingFile]

    /// Zoom's `start_time`: an instant with an offset, or a local time in the meeting's time zone.
    static func parseStart(_ text: String?, timezone: String?) -> Date? {
        guard let text else { return nil }
        if let instant = ISO8601DateFormatter().date(from: text) { return instant }
        let local = ISO8601DateFormatter()
        local.formatOptions = [.withFullDate, .withTime, .withDashSeparatorInDate, .withColonSeparatorInTime]
        local.timeZone = timezone.flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: "UTC")
        return local.date(from: text)
    }

    /// The files the API lists: `available` ones, or with `trash` the `trashed` ones.
    func listed(trash: Bool = false) -> [SimRecordingFile] {
        files.filter { $0.state == (trash ? .trashed : .available) }
    }
}

extension SimRecording {
    /// The recording of `meeting`, which ended at `now`.
    init(meeting: SimZoomMeeting, files: [SimRecordingFile], now: Date) {
        let minutes = max(1, meeting.duration ?? 60)
        let planned = Self.parseStart(meeting.startTime, timezone: meeting.timezone)
        // A meeting ended before its planned start (tests do that) was recorded up to now.
        let start = planned.flatMap { $0 < now ? $0 : nil } ?? now.addingTimeInterval(-Double(minutes * 60))
        self.init(meetingId: meeting.id, meetingUuid: meeting.uuid, hostId: meeting.hostId, hostEmail: meeting.hostEmail,
                  topic: meeting.topic, type: meeting.type, timezone: meeting.timezone ?? "UTC",
                  password: meeting.password ?? "", duration: minutes, start: start,
                  end: min(now, start.addingTimeInterval(Double(minutes * 60))), files: files)
    }
}
