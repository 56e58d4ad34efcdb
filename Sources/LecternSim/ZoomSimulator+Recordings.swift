import Foundation
import LecternCrypto

/// Cloud recordings (SPEC §6, §11): per-meeting and per-user listings, trash/delete, and
/// downloads that redirect, like Zoom's, to a CDN path serving deterministic bytes.
extension ZoomSimulator {
    static let pageTokenLifetime: TimeInterval = 15 * 60
    /// Zoom refuses user recording ranges longer than a month.
    static let maxRangeDays = 31
    /// How long the CDN address a download redirects to stays valid.
    static let fileLinkLifetime: TimeInterval = 3600

    // MARK: Control

    /// Remembers the cloud recording of `meeting`, which ended at `now`. A meeting ended again
    /// keeps the recording (and its files' states) it already has.
    @discardableResult
    func recordEnded(_ meeting: SimZoomMeeting, now: Date,
                     types: [String] = SimRecordingFile.defaultTypes) -> SimRecording? {
        guard meeting.settings.autoRecording == "cloud" else { return nil }
        if let existing = state.recordings.first(where: { $0.meetingUuid == meeting.uuid }) { return existing }
        let recording = SimRecording(meeting: meeting, files: SimRecordingFile.files(for: meeting, types: types), now: now)
        state.recordings.append(recording)
        return recording
    }

    /// A fresh download token, valid for 24 hours, as `recording.completed` carries.
    func issueDownloadToken(now: Date) -> String {
        downloadTokens = downloadTokens.filter { $0.value > now }
        let token = "sim.dl." + SecureRandom.token()
        downloadTokens[token] = now.addingTimeInterval(Self.downloadTokenLifetime)
        return token
    }

    /// `POST /_sim/recordings`: a finished meeting recorded to the cloud, with its files, and no webhook.
    func createRecording(_ body: SimRecordingRequest, now: Date, base: String) -> SimResponse {
        guard let start = SimRecording.parseStart(body.startTime, timezone: body.timezone) else {
            return .zoomError(400, code: 300, "Invalid start_time: \(body.startTime).")
        }
        let types = body.fileTypes ?? SimRecordingFile.defaultTypes
        if let unknown = types.first(where: { SimRecordingFile.kinds[$0] == nil }) {
            return .zoomError(400, code: 300, "Unknown file type: \(unknown).")
        }
        guard (body.fileSize ?? 0) >= 0, (body.duration ?? 60) > 0 else {
            return .zoomError(400, code: 300, "file_size must not be negative and duration must be positive.")
        }
        let host = addUser(email: body.hostEmail)
        let minutes = body.duration ?? 60
        let meeting = addMeeting(
            SimMeetingRequest(topic: body.topic, type: 2, startTime: start.formatted(.iso8601), duration: minutes,
                              timezone: body.timezone ?? "UTC",
                              settings: .init(autoRecording: "cloud", joinBeforeHost: false, waitingRoom: false)),
            host: host, status: "finished", now: now)
        let files = SimRecordingFile.files(for: meeting, types: types, mp4Size: body.fileSize)
        let recording = SimRecording(meeting: meeting, files: files, now: start.addingTimeInterval(Double(minutes * 60)))
        state.recordings.append(recording)
        return .json(201, SimWebhookEvents.recordingObject(recording, files: files, downloadBase: base,
                                                           downloadAccessToken: issueDownloadToken(now: now)))
    }

    // MARK: API

    /// Answers `/v2` recording routes (`path` without `v2`), or `nil` for other routes.
    func handleRecordings(_ request: SimRequest, path: [String], accountID: String, now: Date, base: String) -> SimResponse? {
        switch (request.method, path.count) {
        case ("GET", 3) where path[0] == "meetings" && path[2] == "recordings":
            return meetingRecordings(request, key: path[1], now: now, base: base)
        case ("DELETE", 4) where path[0] == "meetings" && path[2] == "recordings":
            return deleteRecordingFile(request, key: path[1], fileID: Self.decodeOnce(path[3]))
        case ("GET", 3) where path[0] == "users" && path[2] == "recordings":
            return userRecordings(request, userKey: Self.decodeOnce(path[1]), accountID: accountID, now: now, base: base)
        case ("PUT", 5) where path[0] == "meetings" && path[2] == "recordings" && path[4] == "status":
            return recoverRecordingFile(request, key: path[1], fileID: Self.decodeOnce(path[3]))
        default:
            return nil
        }
    }

    private static func recordingNotFound() -> SimResponse {
        .zoomError(404, code: 3301, "This recording does not exist.")
    }

    /// A meeting's recording by id (its latest) or UUID, with ``ZoomSimulator/meetingKey(_:)``'s encoding rules.
    private func recordingIndex(_ rawSegment: String) -> Int? {
        switch Self.meetingKey(rawSegment) {
        case .id(let id):
            return state.recordings.indices.filter { state.recordings[$0].meetingId == id }
                .max { state.recordings[$0].start < state.recordings[$1].start }
        case .uuid(let uuid):
            return state.recordings.firstIndex { $0.meetingUuid == uuid }
        case nil:
            return nil
        }
    }

    private func meetingRecordings(_ request: SimRequest, key: String, now: Date, base: String) -> SimResponse {
        guard let index = recordingIndex(key), !state.recordings[index].listed().isEmpty else {
            return Self.recordingNotFound()
        }
        let recording = state.recordings[index]
        let fields = (request.query["include_fields"] ?? "").split(separator: ",")
        let token = fields.contains("download_access_token") ? issueDownloadToken(now: now) : nil
        return .json(200, SimWebhookEvents.recordingObject(recording, files: recording.listed(), downloadBase: base,
                                                           downloadAccessToken: token))
    }

    private func deleteRecordingFile(_ request: SimRequest, key: String, fileID: String) -> SimResponse {
        let action = request.query["action"] ?? "trash"
        guard action == "trash" || action == "delete" else {
            return .zoomError(400, code: 300, "Invalid action: \(action).")
        }
        // Trash takes a listed file; delete also empties a file out of the trash.
        let deletable: Set<SimRecordingFile.State> = action == "trash" ? [.available] : [.available, .trashed]
        guard let index = recordingIndex(key),
              let fileIndex = state.recordings[index].files.firstIndex(where: {
                  $0.id == fileID && deletable.contains($0.state)
              }) else {
            return Self.recordingNotFound()
        }
        state.recordings[index].files[fileIndex].state = action == "trash" ? .trashed : .deleted
        return .noContent()
    }

    private struct StatusAction: Decodable {
        var action: String
    }

    /// `PUT /meetings/{uuid}/recordings/{fileId}/status {"action":"recover"}`: a trashed file back.
    private func recoverRecordingFile(_ request: SimRequest, key: String, fileID: String) -> SimResponse {
        guard (try? request.decode(StatusAction.self))?.action == "recover" else {
            return .zoomError(400, code: 300, "Invalid action: only recover is supported.")
        }
        guard let index = recordingIndex(key),
              let fileIndex = state.recordings[index].files.firstIndex(where: { $0.id == fileID && $0.state == .trashed })
        else {
            return Self.recordingNotFound()
        }
        state.recordings[index].files[fileIndex].state = .available
        return .noContent()
    }

    private struct RecordingsPage: Encodable {
        var from: String
        var to: String
        var pageSize: Int
        var totalRecords: Int
        var nextPageToken: String
        var meetings: [SimWebhookEvents.RecordingObject]
    }

    private func userRecordings(_ request: SimRequest, userKey: String, accountID: String, now: Date,
                                base: String) -> SimResponse {
        guard let user = findUser(userKey, accountID: accountID) else {
            return .zoomError(404, code: 1001, "User does not exist: \(userKey).")
        }
        let days = ISO8601DateFormatter()
        days.formatOptions = [.withFullDate]
        let today = days.string(from: now)
        let fromText = request.query["from"] ?? today
        let toText = request.query["to"] ?? today
        guard let from = days.date(from: fromText), let to = days.date(from: toText) else {
            return .zoomError(400, code: 300, "Invalid date: from and to are yyyy-mm-dd.")
        }
        guard from <= to else {
            return .zoomError(400, code: 300, "The from date must not be after the to date.")
        }
        guard to.timeIntervalSince(from) <= Double(Self.maxRangeDays * 86_400) else {
            return .zoomError(400, code: 300, "The date range is limited to one month: from \(fromText) to \(toText).")
        }
        let trash = request.query["trash"] == "true"
        let pageSize = min(max(Int(request.query["page_size"] ?? "30") ?? 30, 1), 300)
        var offset = 0
        if let token = request.query["next_page_token"], !token.isEmpty {
            guard let value = Self.pageOffset(token, now: now) else {
                return .zoomError(400, code: 300, "Invalid next_page_token")
            }
            offset = value
        }
        let end = to.addingTimeInterval(86_400)
        let matching = state.recordings
            .filter { $0.hostId == user.id && $0.start >= from && $0.start < end && !$0.listed(trash: trash).isEmpty }
            .sorted { $0.start > $1.start }
        let page = matching.dropFirst(offset).prefix(pageSize)
        let nextOffset = offset + page.count
        return .json(200, RecordingsPage(
            from: fromText, to: toText, pageSize: pageSize, totalRecords: matching.count,
            nextPageToken: nextOffset < matching.count ? Self.pageToken(offset: nextOffset, now: now) : "",
            meetings: page.map {
                SimWebhookEvents.recordingObject($0, files: $0.listed(trash: trash), downloadBase: base)
            }))
    }

    /// An opaque token for the page at `offset`, stamped with its issue time (no state to keep).
    private static func pageToken(offset: Int, now: Date) -> String {
        Base64URL.encode(Array("r:\(offset):\(Int64(now.timeIntervalSince1970))".utf8))
    }

    /// The offset of a page token that has not expired.
    private static func pageOffset(_ token: String, now: Date) -> Int? {
        guard let bytes = Base64URL.decode(token) else { return nil }
        let parts = String(decoding: bytes, as: UTF8.self).split(separator: ":")
        guard parts.count == 3, parts[0] == "r", let offset = Int(parts[1]), let issued = Int64(parts[2]),
              now.timeIntervalSince1970 < Double(issued) + pageTokenLifetime else { return nil }
        return offset
    }

    // MARK: Downloads

    /// `GET /rec/download/{fileId}` (authorised, redirects) and `GET /rec/file/{fileId}` (the bytes).
    func handleDownload(_ request: SimRequest, now: Date, base: String) -> SimResponse {
        let path = request.rawSegments
        guard request.method == "GET", path.count == 3 else {
            return .zoomError(404, code: 404, "No such path: \(request.rawPath).")
        }
        let fileID = Self.decodeOnce(path[2])
        switch path[1] {
        case "download":
            let token = request.bearerToken ?? request.query["access_token"]
            guard let token, downloadTokens[token].map({ $0 > now }) ?? isValidAccessToken(token, now: now) else {
                return .zoomError(401, code: 124, "Invalid access token.")
            }
            guard availableFile(fileID) != nil else { return Self.recordingNotFound() }
            let expires = Int64(now.addingTimeInterval(Self.fileLinkLifetime).timeIntervalSince1970)
            return SimResponse(status: 302, headers: [("Location", "\(base)/rec/file/\(path[2])?expires=\(expires)")])
        case "file":
            guard let expires = request.query["expires"].flatMap(Double.init), expires > now.timeIntervalSince1970 else {
                return .zoomError(403, code: 403, "The download link has expired.")
            }
            guard let file = availableFile(fileID) else { return Self.recordingNotFound() }
            return Self.serve(file, range: request.headers["range"])
        default:
            return .zoomError(404, code: 404, "No such path: \(request.rawPath).")
        }
    }

    private func availableFile(_ id: String) -> SimRecordingFile? {
        for recording in state.recordings {
            if let file = recording.files.first(where: { $0.id == id }) { return file.state == .available ? file : nil }
        }
        return nil
    }

    /// The file's bytes, all of them or from a `Range: bytes=N-` / `bytes=N-M` on.
    private static func serve(_ file: SimRecordingFile, range: String?) -> SimResponse {
        let size = file.fileSize
        var headers = [("Content-Type", file.contentType), ("Accept-Ranges", "bytes"),
                       ("Content-Disposition", "attachment; filename=\"\(file.id).\(file.fileExtension.lowercased())\"")]
        guard let (first, last) = range.flatMap(byteRange) else {
            var response = SimResponse(status: 200, headers: headers)
            response.stream = file.content.stream(upTo: size)
            return response
        }
        guard first < size else {
            return SimResponse(status: 416, headers: [("Content-Range", "bytes */\(size)")])
        }
        let end = min(last ?? size - 1, size - 1)
        headers.append(("Content-Range", "bytes \(first)-\(end)/\(size)"))
        var response = SimResponse(status: 206, headers: headers)
        response.stream = file.content.stream(from: first, upTo: end + 1)
        return response
    }

    /// `bytes=N-` or `bytes=N-M` (M ≥ N); `nil` for anything else, which is then ignored as RFC 9110 allows.
    static func byteRange(_ header: String) -> (Int64, Int64?)? {
        let value = header.trimmingCharacters(in: .whitespaces)
        guard value.hasPrefix("bytes=") else { return nil }
        let bounds = value.dropFirst(6).split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard bounds.count == 2, let first = Int64(bounds[0]), first >= 0 else { return nil }
        if bounds[1].isEmpty { return (first, nil) }
        guard let last = Int64(bounds[1]), last >= first else { return nil }
        return (first, last)
    }
}
