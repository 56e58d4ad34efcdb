import Foundation
import LecternCrypto

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
    ///   if it was recorded to the cloud, `recording.completed` for its files (a fresh
    ///   `download_token` each time, as Zoom's repeats have).
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
            return fireMeeting(key: ZoomSimulator.decodeOnce(parts[1]), ending: parts[2] == "end")
        default:
            return nil
        }
    }

    private func fireMeeting(key: String, ending: Bool) -> SimResponse {
        guard let target = webhooks.currentTarget else {
            return .zoomError(409, code: 409, "No webhook target: PUT /_sim/webhook or start with --webhook-url.")
        }
        let now = Date()
        lock.lock()
        let meeting = zoom.updateMeeting(key, status: ending ? "finished" : "started", uuid: nil)
        if meeting != nil { save() }
        lock.unlock()
        guard let meeting else { return .zoomError(404, code: 3001, "No such meeting.") }

        let name = ending ? "meeting.ended" : "meeting.started"
        var deliveries = [webhooks.deliver(event: name, body: encode(SimWebhookEvents.meeting(name, meeting, now: now)),
                                           to: target, now: now)]
        if ending, meeting.settings.autoRecording == "cloud" {
            let token = "sim." + Base64URL.encode(SecureRandom.bytes(32))
            let completed = SimWebhookEvents.recordingCompleted(
                meeting, files: SimRecordingFile.files(for: meeting), downloadBase: webhooks.currentDownloadBase,
                token: token, now: now)
            deliveries.append(webhooks.deliver(event: completed.event, body: encode(completed), to: target, now: now))
        }
        return .json(200, Fired(meeting: meeting, deliveries: deliveries))
    }

    private func encode(_ value: some Encodable) -> Data {
        (try? SimJSON.encoder.encode(value)) ?? Data()
    }
}
