/// The Zoom calls Lectern makes (SPEC §6); handlers and duties depend on this, not on the client.
public protocol ZoomAPI {
    /// `POST /users/{userId}/meetings`.
    func createMeeting(userID: String, _ request: MeetingRequest) throws -> ZoomMeeting
    /// `GET /meetings/{id}`; `id` is a numeric meeting id or a meeting UUID.
    func meeting(id: String) throws -> ZoomMeetingDetails
    /// `PUT /meetings/{id}/status {"action":"end"}`.
    func endMeeting(id: String) throws
    /// `GET /users?status=…&page_size=300&next_page_token=…`, one page.
    func users(status: ZoomUserStatus, pageToken: String?) throws -> ZoomUsersPage
    /// `GET /users/{id}` (id, email or `me`).
    func user(id: String) throws -> ZoomUser
    /// `POST /users/{userId}/webinars`.
    func createWebinar(userID: String, _ request: MeetingRequest) throws -> ZoomMeeting
    /// `PATCH /meetings/{id}` or `PATCH /webinars/{id}`: changes the fields `update` gives.
    func updateMeeting(id: String, kind: ZoomMeetingKind, _ update: MeetingUpdate) throws
    /// `DELETE /meetings/{id}` or `DELETE /webinars/{id}`.
    func deleteMeeting(id: String, kind: ZoomMeetingKind) throws
    /// `GET /meetings/{uuid}/recordings?include_fields=download_access_token`: the files with
    /// fresh download URLs and a token for them.
    func meetingRecordings(uuid: String) throws -> ZoomMeetingRecordings
    /// `GET /users/{id}/recordings?from=&to=&page_size=300&next_page_token=`, one page; the
    /// range (`YYYY-MM-DD`, inclusive) must not exceed one month.
    func userRecordings(userID: String, from: String, to: String, pageToken: String?) throws -> ZoomRecordingsPage
    /// The app's OAuth access token, which authenticates downloads of the files the API
    /// lists (SPEC §5).
    func downloadBearerToken() throws -> String
    /// `DELETE /meetings/{uuid}/recordings/{fileId}?action=trash|delete`.
    func deleteRecordingFile(meetingUUID: String, fileID: String, _ deletion: ZoomRecordingDeletion) throws
}
