import Foundation

extension SimApp {
    private struct Fired: Encodable {
        var meeting: SimZoomMeeting
        var deliveries: [WebhookFirer.Delivery]
    }

    private struct TargetView: Encodable {
        var url: String?
        var caFile: String?
    }

    /// The control routes that send webhooks, or `nil` for any other request:
    /// - `PUT /_sim/webhook {"url","secret","ca_file"?}` sets where deliveries go; `GET` shows it
    ///   (without the secret); `DELETE` clears it.
    /// - `POST /_sim/meetings/{id or uuid}/start` marks the meeting started and delivers `meeting.started`.
    /// - `POST /_sim/meetings/{id or uuid}/end` marks it finished and delivers `meeting.ended`, then,
    ///   if it was recorded to the cloud, remembers its recording and delivers `recording.completed`
    ///   for its files (a fresh `download_token`, valid 24 h, each time, as Zoom's repeats have);
    ///   an optional body `{"file_types": [...]}` chooses the files (video, audio and chat by default).
    ///
    /// Deliveries wait for Lectern's answers, so they are made outside the state lock.
    func webhookControl(_ request: SimRequest) -> SimResponse? {
        let path = request.rawSegments
        guard path.first == "_sim" else { return nil }
        switch (request.method, Array(path.dropFirst())) {
        case ("PUT", ["webhook"]):
            guard let target = try? request.decode(WebhookFirer.Target.self), !target.url.isEmpty, !target.secret.isEmpty
            else { return .zoomError(400, code: 400, "Expected {\"url\", \"secret\", \"ca_file\"?}.") }
            webhooks.configure(target)
            return .noContent()
        case ("GET", ["webhook"]):
            let target = webhooks.currentTarget
            return .json(200, TargetView(url: target?.url, caFile: target?.caFile))
        case ("DELETE", ["webhook"]):
            webhooks.configure(nil)
            return .noContent()
        case ("POST", let parts) where parts.count == 3 && parts[0] == "meetings" && ["start", "end"].contains(parts[2]):
            var types = SimRecordingFile.defaultTypes
            if !request.body.isEmpty {
                guard let chosen = try? request.decode(EndBody.self).fileTypes,
                      chosen.allSatisfy({ SimRecordingFile.kinds[$0] != nil }) else {
                    return .zoomError(400, code: 400, "Expected {\"file_types\": [MP4, M4A, CHAT, TRANSCRIPT, …]}.")
                }
                types = chosen
            }
            return fireMeeting(key: ZoomSimulator.decodeOnce(parts[1]), ending: parts[2] == "end", types: types)
        default:
            return nil
        }
    }

    private struct EndBody: Decodable {
        var fileTypes: [String]
    }

    private func fireMeeting(key: String, ending: Bool, types: [String]) -> SimResponse {
        guard let target = webhooks.currentTarget else {
            return .zoomError(409, code: 409, "No webhook target: PUT /_sim/webhook or start with --webhook-url.")
        }
        let now = clock()
        let (meeting, completed) = lock.withLock { () -> (SimZoomMeeting?, SimRecording?) in
            guard let meeting = zoom.updateMeeting(key, status: ending ? "finished" : "started", uuid: nil) else {
                return (nil, nil)
            }
            let recording = ending ? zoom.recordEnded(meeting, now: now, types: types) : nil
            save()
            return (meeting, recording)
        }
        guard let meeting else { return .zoomError(404, code: 3001, "No such meeting.") }

        let name = ending ? "meeting.ended" : "meeting.started"
        var deliveries = [webhooks.deliver(event: name, body: encode(SimWebhookEvents.meeting(name, meeting, now: now)),
                                           to: target, now: now)]
        if let completed {
            let (token, base) = lock.withLock { (zoom.issueDownloadToken(now: now), baseURL) }
            let event = SimWebhookEvents.recordingCompleted(completed, downloadBase: base, token: token, now: now)
            deliveries.append(webhooks.deliver(event: event.event, body: encode(event), to: target, now: now))
        }
        return .json(200, Fired(meeting: meeting, deliveries: deliveries))
    }

    private func encode(_ value: some Encodable) -> Data {
        (try? SimJSON.encoder.encode(value)) ?? Data()
    }
}
