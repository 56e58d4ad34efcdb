import LecternPool

/// A started meeting as the start routes answer it (SPEC §4), in the document's key order.
extension MeetingStart: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("lesson_id", lessonID)
            json.field("zoom_start_url", zoomStartURL)
            json.field("zoom_join_url", zoomJoinURL)
            json.field("zoom_meeting_id", zoomMeetingID)
            json.field("zoom_password", zoomPassword)
            json.field("account_email", accountEmail)
        }
    }
}
