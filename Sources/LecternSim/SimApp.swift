import Foundation

/// The emulator's request pipeline: control routes (`/_sim/…`), then armed faults and the
/// configured latency, then the emulated service (Zoom, then Google). One lock serialises the state.
public final class SimApp: @unchecked Sendable {
    /// The shared drive's root folder id unless told otherwise.
    public static let defaultDriveRootFolderID = "sim-root-folder"

    let lock = NSLock()
    let zoom: ZoomSimulator
    let google: GoogleSimulator
    /// Sends signed webhooks to Lectern (control routes in `SimApp+Webhooks.swift`).
    public let webhooks = WebhookFirer()
    /// MD5s of recording contents, computed outside the state lock (`SimApp+Recordings.swift`).
    let checksums = SimChecksumCache()
    private let faults = FaultInjector()
    private var latencyMilliseconds: Int
    private var requestCounts: [String: Int] = [:]
    private let stateDirectory: URL?
    /// The emulator's own address, for download URLs and upload session URIs.
    var baseURL = "http://127.0.0.1"
    let clock: () -> Date

    /// - Parameters:
    ///   - defaultApp: the Zoom app whose credentials the OAuth endpoint accepts from the start.
    ///   - stateDirectory: where the state is loaded from and saved to; in memory only when `nil`.
    ///   - driveRootFolderID: the id of the emulated shared drive's root folder.
    public init(defaultApp: SimZoomApp, latencyMilliseconds: Int = 0, stateDirectory: URL? = nil,
                driveRootFolderID: String = SimApp.defaultDriveRootFolderID,
                clock: @escaping () -> Date = Date.init) throws {
        self.latencyMilliseconds = latencyMilliseconds
        self.stateDirectory = stateDirectory
        self.clock = clock
        zoom = ZoomSimulator(state: try Self.load(ZoomSnapshot.self, "zoom.json", from: stateDirectory,
                                                  with: SimJSON.decoder) ?? ZoomSnapshot())
        zoom.addApp(defaultApp)
        google = try GoogleSimulator(state: try Self.load(GoogleSnapshot.self, "google.json", from: stateDirectory,
                                                          with: SimJSON.googleDecoder) ?? GoogleSnapshot(),
                                     rootFolderID: driveRootFolderID)
    }

    /// Sets the address clients reach the emulator at (e.g. `http://127.0.0.1:8090`), for the
    /// download URLs and upload session URIs it hands out.
    public func setBaseURL(_ url: String) {
        lock.withLock { baseURL = url }
    }

    /// Accepts tokens signed with this service account's key (Google's JSON key file).
    /// - Throws: a decoding error, or `CryptoError.invalidPrivateKey`.
    public func addGoogleServiceAccount(json: Data) throws {
        let account = try SimJSON.googleDecoder.decode(SimServiceAccount.self, from: json)
        try lock.withLock {
            try google.addServiceAccount(account)
            save()
        }
    }

    /// Answers one request; its ``SimResponse/delayMilliseconds`` says how long to wait before sending it.
    public func handle(_ request: SimRequest) -> SimResponse {
        if let fired = webhookControl(request) { return fired }
        if let listed = recordingControl(request) { return listed }
        if let shared = sharingControl(request) { return shared }
        lock.lock()
        defer { lock.unlock() }
        if request.rawPath.hasPrefix("/_sim/") {
            return control(request)
        }
        requestCounts[Self.routeName(request), default: 0] += 1
        let fault = faults.take(for: request)
        var response: SimResponse
        if let fault, let injected = FaultInjector.response(for: fault, to: request) {
            response = injected
        } else {
            let (zoomBefore, googleBefore) = (zoom.state, google.state)
            let now = clock()
            response = zoom.handle(request, now: now, base: baseURL)
                ?? google.handle(request, now: now, base: baseURL, dropAfterBytes: fault?.dropAfterBytes)
                ?? .zoomError(404, code: 404, "No such path: \(request.rawPath).")
            // An upload takes the fault itself and drops; anything else is cut short on the wire.
            if let limit = fault?.dropAfterBytes, !response.drop { response.dropAfterBytes = limit }
            if zoom.state != zoomBefore || google.state != googleBefore { save() }
        }
        response.delayMilliseconds = latencyMilliseconds + (fault?.latencyMs ?? 0)
        return response
    }

    /// An upload chunk to take as its body streams in, or `nil` to collect the body first:
    /// only for a chunk no armed fault concerns (``FaultInjector`` decides on whole requests).
    func streamedChunk(_ head: SimRequest, contentLength: Int64) -> SimStreamedChunk? {
        lock.withLock {
            guard !faults.armed.contains(where: { $0.matches(head) }) else { return nil }
            return google.streamedChunk(head, contentLength: contentLength)
        }
    }

    /// Takes the next bytes of a streamed chunk.
    func take(_ bytes: UnsafeRawBufferPointer, into chunk: SimStreamedChunk) {
        lock.withLock { chunk.take(bytes) }
    }

    /// Answers a streamed chunk whose body ended, counted and delayed like any request.
    func finish(_ chunk: SimStreamedChunk, _ head: SimRequest) -> SimResponse {
        lock.withLock {
            requestCounts[Self.routeName(head), default: 0] += 1
            let filesBefore = google.state.files.count
            var response = google.finishStreamedChunk(chunk)
            if google.state.files.count != filesBefore { save() }
            response.delayMilliseconds = latencyMilliseconds
            return response
        }
    }

    /// A request whose connection closed before its body was complete: only an upload chunk
    /// leaves a trace (the whole 256 KiB units that arrived), as with Google.
    public func handleInterrupted(_ request: SimRequest) {
        lock.withLock { google.takeInterruptedChunk(request) }
    }

    // MARK: Control routes

    private struct LatencyBody: Codable {
        var ms: Int
    }

    private struct UserBody: Decodable {
        var email: String
        var id: String?
        var status: String?
    }

    private struct MeetingPatch: Decodable {
        var status: String?
        var uuid: String?
    }

    private struct Stats: Encodable {
        var tokensIssued: Int
        var requests: [String: Int]
        var meetings: Int
    }

    private struct MeetingList: Encodable {
        var meetings: [SimZoomMeeting]
    }

    private struct DriveFileList: Encodable {
        var files: [SimDriveFile.Resource]
    }

    private struct AccountView: Encodable {
        var clientEmail: String
        var privateKeyId: String
    }

    private struct FaultList: Encodable {
        var faults: [Fault]
    }

    private func control(_ request: SimRequest) -> SimResponse {
        let path = Array(request.rawSegments.dropFirst())
        do {
            switch (request.method, path) {
            case ("GET", ["health"]):
                return .json(200, ["status": "ok"])
            case ("POST", ["faults"]):
                faults.add(try request.decode(Fault.self))
                return .json(201, FaultList(faults: faults.armed))
            case ("GET", ["faults"]):
                return .json(200, FaultList(faults: faults.armed))
            case ("DELETE", ["faults"]):
                faults.clear()
                return .noContent()
            case ("POST", ["latency"]):
                latencyMilliseconds = max(0, try request.decode(LatencyBody.self).ms)
                return .noContent()
            case ("POST", ["tokens", "expire"]):
                zoom.expireTokens(now: clock())
                google.expireTokens(now: clock())
                return .noContent()
            case ("POST", ["recordings"]):
                let response = zoom.createRecording(try request.decode(SimRecordingRequest.self), now: clock(), base: baseURL)
                save()
                return response
            case ("POST", ["google", "service-accounts"]):
                let account = try request.decodeGoogle(SimServiceAccount.self)
                try google.addServiceAccount(account)
                save()
                return .json(201, AccountView(clientEmail: account.clientEmail, privateKeyId: account.privateKeyId))
            case ("GET", ["drive", "files"]):
                return .googleJSON(200, DriveFileList(files: google.allFiles))
            case ("POST", let parts) where parts.count == 4 && parts[0] == "drive" && parts[1] == "files"
                && parts[3] == "trash":
                guard google.trash(id: parts[2]) else { return .zoomError(404, code: 404, "No such Drive file.") }
                save()
                return .noContent()
            case ("POST", ["drive", "sessions", "expire"]):
                google.expireSessions()
                return .noContent()
            case ("POST", ["apps"]):
                zoom.addApp(try request.decode(SimZoomApp.self))
                save()
                return .noContent()
            case ("POST", ["users"]):
                let body = try request.decode(UserBody.self)
                let user = zoom.addUser(email: body.email, id: body.id, status: body.status ?? "active")
                save()
                return .json(201, user)
            case ("GET", ["meetings"]):
                return .json(200, MeetingList(meetings: zoom.state.meetings))
            case ("PATCH", let parts) where parts.count == 2 && parts[0] == "meetings":
                let patch = try request.decode(MeetingPatch.self)
                guard let meeting = zoom.updateMeeting(ZoomSimulator.decodeOnce(parts[1]), status: patch.status,
                                                       uuid: patch.uuid) else {
                    return .zoomError(404, code: 3001, "No such meeting.")
                }
                save()
                return .json(200, meeting)
            case ("GET", ["stats"]):
                return .json(200, Stats(tokensIssued: zoom.tokensIssued, requests: requestCounts,
                                        meetings: zoom.state.meetings.count))
            case ("POST", ["reset"]):
                faults.clear()
                requestCounts = [:]
                zoom.resetMeetings()
                google.reset()
                save()
                return .noContent()
            default:
                return .zoomError(404, code: 404, "No such control route: \(request.method) \(request.rawPath).")
            }
        } catch {
            return .zoomError(400, code: 400, "Invalid control request: \(error)")
        }
    }

    /// `POST /v2/users/{id}/meetings`-style names, so counts group by route, not by id.
    static func routeName(_ request: SimRequest) -> String {
        let segments = request.rawSegments
        let named = segments.enumerated().map { index, segment -> String in
            guard index > 0 else { return segment }
            switch segments[index - 1] {
            case "users", "meetings", "webinars", "recordings", "files", "download", "file", "permissions": return "{id}"
            default: return segment
            }
        }
        return "\(request.method) /" + named.joined(separator: "/")
    }

    /// Writes the state to the state directory, if there is one. Upload sessions and tokens stay in memory.
    func save() {
        guard let stateDirectory else { return }
        do {
            try FileManager.default.createDirectory(at: stateDirectory, withIntermediateDirectories: true)
            try SimJSON.encoder.encode(zoom.state)
                .write(to: stateDirectory.appendingPathComponent("zoom.json"), options: .atomic)
            try SimJSON.googleEncoder.encode(google.state)
                .write(to: stateDirectory.appendingPathComponent("google.json"), options: .atomic)
        } catch {
            FileHandle.standardError.write(Data("lectern-sim: cannot save state: \(error)\n".utf8))
        }
    }

    private static func load<T: Decodable>(_ type: T.Type, _ name: String, from directory: URL?,
                                           with decoder: JSONDecoder) throws -> T? {
        guard let file = directory?.appendingPathComponent(name), FileManager.default.fileExists(atPath: file.path)
        else { return nil }
        return try decoder.decode(type, from: Data(contentsOf: file))
    }
}
