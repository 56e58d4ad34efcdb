import Foundation

/// The emulator's request pipeline: control routes (`/_sim/…`), then armed faults and the
/// configured latency, then the emulated service. One lock serialises the state.
public final class SimApp: @unchecked Sendable {
    let lock = NSLock()
    let zoom: ZoomSimulator
    /// Sends signed webhooks to Lectern (control routes in `SimApp+Webhooks.swift`).
    public let webhooks = WebhookFirer()
    private let faults = FaultInjector()
    private var latencyMilliseconds: Int
    private var requestCounts: [String: Int] = [:]
    private let stateDirectory: URL?
    private let clock: () -> Date

    /// - Parameters:
    ///   - defaultApp: the Zoom app whose credentials the OAuth endpoint accepts from the start.
    ///   - stateDirectory: where the state is loaded from and saved to; in memory only when `nil`.
    public init(defaultApp: SimZoomApp, latencyMilliseconds: Int = 0, stateDirectory: URL? = nil,
                clock: @escaping () -> Date = Date.init) throws {
        self.latencyMilliseconds = latencyMilliseconds
        self.stateDirectory = stateDirectory
        self.clock = clock
        var snapshot = ZoomSnapshot()
        if let file = stateDirectory?.appendingPathComponent("zoom.json"),
           FileManager.default.fileExists(atPath: file.path) {
            snapshot = try SimJSON.decoder.decode(ZoomSnapshot.self, from: Data(contentsOf: file))
        }
        zoom = ZoomSimulator(state: snapshot)
        zoom.addApp(defaultApp)
    }

    public func handle(_ request: SimRequest) -> SimResponse {
        if let fired = webhookControl(request) { return fired }
        lock.lock()
        defer { lock.unlock() }
        if request.rawPath.hasPrefix("/_sim/") {
            return control(request)
        }
        requestCounts[Self.routeName(request), default: 0] += 1
        let fault = faults.take(for: request)
        var response: SimResponse
        if let fault, let injected = FaultInjector.response(for: fault) {
            response = injected
        } else {
            let before = zoom.state
            response = zoom.handle(request, now: clock())
                ?? .zoomError(404, code: 404, "No such path: \(request.rawPath).")
            if zoom.state.meetings != before.meetings || zoom.state.users != before.users { save() }
        }
        response.delayMilliseconds = latencyMilliseconds + (fault?.latencyMs ?? 0)
        return response
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
            case "users", "meetings", "webinars": return "{id}"
            default: return segment
            }
        }
        return "\(request.method) /" + named.joined(separator: "/")
    }

    func save() {
        guard let stateDirectory else { return }
        do {
            try FileManager.default.createDirectory(at: stateDirectory, withIntermediateDirectories: true)
            let data = try SimJSON.encoder.encode(zoom.state)
            try data.write(to: stateDirectory.appendingPathComponent("zoom.json"), options: .atomic)
        } catch {
            FileHandle.standardError.write(Data("lectern-sim: cannot save state: \(error)\n".utf8))
        }
    }
}
