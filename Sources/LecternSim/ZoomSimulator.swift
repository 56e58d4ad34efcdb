import Foundation

/// The Zoom side of the emulator (SPEC §11): S2S OAuth, users, meetings and webinars,
/// faithful to the parts of the API Lectern uses (§6); changing and deleting meetings is in
/// `ZoomSimulator+Updates.swift`, recordings and their downloads in
/// `ZoomSimulator+Recordings.swift`. Not thread-safe: ``SimApp`` serialises.
final class ZoomSimulator {
    static let tokenLifetime: TimeInterval = 3600
    static let maxPasswordLength = 10
    static let passwordCharacters = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789@-_*")
    static let downloadTokenLifetime: TimeInterval = 24 * 3600

    var state: ZoomSnapshot
    private var tokens: [String: SimZoomToken] = [:]
    private(set) var tokensIssued = 0
    /// Download tokens handed out in `recording.completed` and recording listings, with their expiry.
    var downloadTokens: [String: Date] = [:]

    init(state: ZoomSnapshot) {
        self.state = state
    }

    // MARK: Control

    func addApp(_ app: SimZoomApp) {
        state.apps.removeAll { $0.clientId == app.clientId }
        state.apps.append(app)
    }

    @discardableResult
    func addUser(email: String, id: String? = nil, status: String = "active") -> SimZoomUser {
        if let existing = state.users.first(where: { $0.email.lowercased() == email.lowercased() }) { return existing }
        let local = email.split(separator: "@").first.map(String.init) ?? email
        let user = SimZoomUser(id: id ?? Self.randomID(22), email: email.lowercased(), firstName: local,
                               lastName: "Host", type: 2, status: status)
        state.users.append(user)
        return user
    }

    func expireTokens(now: Date) {
        for key in tokens.keys { tokens[key]?.expiresAt = now }
        for key in downloadTokens.keys { downloadTokens[key] = now }
    }

    /// Forgets meetings and their recordings.
    func resetMeetings() {
        state.meetings = []
        state.recordings = []
        downloadTokens = [:]
    }

    func updateMeeting(_ key: String, status: String?, uuid: String?) -> SimZoomMeeting? {
        guard let index = state.meetings.firstIndex(where: { String($0.id) == key || $0.uuid == key }) else { return nil }
        if let status { state.meetings[index].status = status }
        if let uuid { state.meetings[index].uuid = uuid }
        return state.meetings[index]
    }

    // MARK: Requests

    /// Answers a Zoom route, or `nil` when the path is not one.
    /// - Parameter base: the emulator's own address, for download URLs.
    func handle(_ request: SimRequest, now: Date, base: String) -> SimResponse? {
        let segments = request.rawSegments
        if request.method == "POST", segments == ["oauth", "token"] {
            return issueToken(request, now: now)
        }
        if segments.first == "rec" {
            return handleDownload(request, now: now, base: base)
        }
        guard segments.first == "v2" else { return nil }
        guard let token = request.bearerToken, let stored = tokens[token] else {
            return .zoomError(401, code: 124, "Invalid access token.")
        }
        guard stored.expiresAt > now else {
            return .zoomError(401, code: 124, "Access token is expired.")
        }
        let path = Array(segments.dropFirst())
        if let answer = handleRecordings(request, path: path, accountID: stored.accountId, now: now, base: base) {
            return answer
        }
        switch (request.method, path.count) {
        case ("GET", 1) where path[0] == "users":
            return listUsers(request)
        case ("GET", 2) where path[0] == "users":
            guard let user = findUser(Self.decodeOnce(path[1]), accountID: stored.accountId) else {
                return .zoomError(404, code: 1001, "User does not exist: \(Self.decodeOnce(path[1])).")
            }
            return .json(200, user)
        case ("POST", 3) where path[0] == "users" && (path[2] == "meetings" || path[2] == "webinars"):
            return createMeeting(request, userKey: Self.decodeOnce(path[1]), webinar: path[2] == "webinars",
                                 accountID: stored.accountId, now: now)
        case ("GET", 2) where path[0] == "meetings" || path[0] == "webinars":
            guard let meeting = findMeeting(path[1]) else {
                return .zoomError(404, code: 3001, "Meeting does not exist: \(Self.decodeOnce(path[1])).")
            }
            return .json(200, meeting)
        case ("PUT", 3) where path[0] == "meetings" && path[2] == "status":
            return updateStatus(request, key: path[1], now: now)
        case ("PATCH", 2) where path[0] == "meetings" || path[0] == "webinars":
            return updateMeeting(request, key: path[1], webinar: path[0] == "webinars")
        case ("DELETE", 2) where path[0] == "meetings" || path[0] == "webinars":
            return deleteMeeting(key: path[1], webinar: path[0] == "webinars")
        default:
            return .zoomError(404, code: 404, "No such API: \(request.method) \(request.rawPath).")
        }
    }

    private func issueToken(_ request: SimRequest, now: Date) -> SimResponse {
        guard request.query["grant_type"] == "account_credentials" else {
            return .json(400, ["reason": "Unsupported grant type", "error": "unsupported_grant_type"])
        }
        guard let header = request.headers["authorization"], header.lowercased().hasPrefix("basic "),
              let decoded = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
              let pair = String(data: decoded, encoding: .utf8), let colon = pair.firstIndex(of: ":") else {
            return .json(400, ["reason": "Invalid client_id or client_secret", "error": "invalid_client"])
        }
        let clientID = String(pair[..<colon])
        let secret = String(pair[pair.index(after: colon)...])
        guard let app = state.apps.first(where: { $0.clientId == clientID && $0.clientSecret == secret }) else {
            return .json(400, ["reason": "Invalid client_id or client_secret", "error": "invalid_client"])
        }
        guard request.query["account_id"] == app.accountId else {
            return .json(400, ["reason": "Invalid account_id", "error": "invalid_request"])
        }
        let value = "sim." + Self.randomID(40)
        tokens[value] = SimZoomToken(value: value, accountId: app.accountId,
                                     expiresAt: now.addingTimeInterval(Self.tokenLifetime))
        tokensIssued += 1
        return .json(200, TokenAnswer(accessToken: value, tokenType: "bearer", expiresIn: Int(Self.tokenLifetime),
                                      scope: "meeting:write:admin user:read:admin", apiUrl: "https://api.zoom.us"))
    }

    private struct TokenAnswer: Encodable {
        var accessToken: String
        var tokenType: String
        var expiresIn: Int
        var scope: String
        var apiUrl: String
    }

    private struct UsersPage: Encodable {
        var pageCount: Int
        var pageNumber: Int
        var pageSize: Int
        var totalRecords: Int
        var nextPageToken: String
        var users: [SimZoomUser]
    }

    private func listUsers(_ request: SimRequest) -> SimResponse {
        let status = request.query["status"] ?? "active"
        let pageSize = min(max(Int(request.query["page_size"] ?? "30") ?? 30, 1), 300)
        let matching = state.users.filter { $0.status == status }
        var offset = 0
        if let token = request.query["next_page_token"], !token.isEmpty {
            guard let data = Data(base64Encoded: token), let text = String(data: data, encoding: .utf8),
                  let value = Int(text.dropFirst(2)), text.hasPrefix("o:") else {
                return .zoomError(400, code: 300, "Invalid next_page_token.")
            }
            offset = value
        }
        let page = Array(matching.dropFirst(offset).prefix(pageSize))
        let next = offset + page.count < matching.count ? Data("o:\(offset + page.count)".utf8).base64EncodedString() : ""
        return .json(200, UsersPage(pageCount: (matching.count + pageSize - 1) / pageSize,
                                    pageNumber: offset / pageSize + 1, pageSize: pageSize, totalRecords: matching.count,
                                    nextPageToken: next, users: page))
    }

    private func createMeeting(_ request: SimRequest, userKey: String, webinar: Bool, accountID: String,
                               now: Date) -> SimResponse {
        let body: SimMeetingRequest
        do { body = try request.decode(SimMeetingRequest.self) } catch {
            return .zoomError(400, code: 300, "Invalid request body.")
        }
        let user: SimZoomUser
        if let found = findUser(userKey, accountID: accountID) {
            user = found
        } else if userKey.contains("@") {
            // Pool hosts are provisioned on first use, so tests need not register every one.
            user = addUser(email: userKey)
        } else {
            return .zoomError(404, code: 1001, "User does not exist: \(userKey).")
        }
        if let password = body.password,
           password.count > Self.maxPasswordLength || !password.allSatisfy(Self.passwordCharacters.contains) {
            return .zoomError(400, code: 300, "Invalid password: at most 10 characters of [a-zA-Z0-9@-_*].")
        }
        var details = body
        details.topic = body.topic ?? (webinar ? "Zoom Webinar" : "Zoom Meeting")
        details.type = body.type ?? (webinar ? 5 : 2)
        return .json(201, addMeeting(details, host: user, status: "waiting", now: now))
    }

    /// Files a new meeting of `host` under the next id.
    func addMeeting(_ body: SimMeetingRequest, host: SimZoomUser, status: String, now: Date) -> SimZoomMeeting {
        let id = state.nextMeetingId
        state.nextMeetingId += 1
        let meeting = SimZoomMeeting(
            id: id, uuid: Self.randomUUID(), hostId: host.id, hostEmail: host.email,
            topic: body.topic ?? "Zoom Meeting", type: body.type ?? 2,
            status: status, startTime: body.startTime, duration: body.duration, timezone: body.timezone,
            password: body.password ?? Self.randomID(8), agenda: body.agenda,
            startUrl: "https://zoom.us/s/\(id)?zak=sim.\(Self.randomID(24))",
            joinUrl: "https://zoom.us/j/\(id)?pwd=\(Self.randomID(16))", createdAt: now,
            settings: body.settings ?? SimZoomMeeting.Settings(autoRecording: "none", joinBeforeHost: false,
                                                               waitingRoom: false))
        state.meetings.append(meeting)
        return meeting
    }

    private struct StatusAction: Decodable {
        var action: String
    }

    private func updateStatus(_ request: SimRequest, key: String, now: Date) -> SimResponse {
        guard let action = try? request.decode(StatusAction.self) else {
            return .zoomError(400, code: 300, "Invalid request body.")
        }
        guard let meeting = findMeeting(key),
              let index = state.meetings.firstIndex(where: { $0.id == meeting.id }) else {
            return .zoomError(404, code: 3001, "Meeting does not exist: \(Self.decodeOnce(key)).")
        }
        switch action.action {
        case "end":
            state.meetings[index].status = "finished"
            recordEnded(state.meetings[index], now: now)
        case "recover":
            break
        default:
            return .zoomError(400, code: 300, "Invalid action: \(action.action).")
        }
        return .noContent()
    }

    // MARK: Look-ups

    /// Whether `token` is an access token this emulator issued and has not expired.
    func isValidAccessToken(_ token: String, now: Date) -> Bool {
        tokens[token].map { $0.expiresAt > now } ?? false
    }

    func findUser(_ key: String, accountID: String) -> SimZoomUser? {
        if key == "me" {
            return addUser(email: "owner@\(accountID.lowercased()).sim.zoom")
        }
        return state.users.first { $0.id == key || $0.email == key.lowercased() }
    }

    /// A meeting by numeric id or UUID (see ``meetingKey(_:)``).
    func findMeeting(_ rawSegment: String) -> SimZoomMeeting? {
        switch Self.meetingKey(rawSegment) {
        case .id(let id): return state.meetings.first { $0.id == id }
        case .uuid(let uuid): return state.meetings.first { $0.uuid == uuid }
        case nil: return nil
        }
    }

    /// How a path segment names a meeting.
    enum MeetingKey {
        case id(Int64)
        case uuid(String)
    }

    /// A numeric id or a UUID from a raw path segment. Like Zoom, a UUID that begins with `/`
    /// or contains `//` names nothing unless it was encoded twice.
    static func meetingKey(_ rawSegment: String) -> MeetingKey? {
        let once = decodeOnce(rawSegment)
        if let id = Int64(once) { return .id(id) }
        if once.contains("%") { return .uuid(decodeOnce(once)) }
        guard !once.hasPrefix("/"), !once.contains("//") else { return nil }
        return .uuid(once)
    }

    static func decodeOnce(_ text: String) -> String {
        text.removingPercentEncoding ?? text
    }

    static func randomID(_ length: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<length).map { _ in alphabet.randomElement()! })
    }

    /// Zoom's UUIDs are base64 of 16 bytes, so they may contain `/` and `+`.
    static func randomUUID() -> String {
        Data((0..<16).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
    }
}
