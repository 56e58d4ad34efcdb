import Foundation
import LecternHTTPClient
import LecternZoom

/// Delivers webhooks to Lectern as Zoom does (SPEC §5, §11): the JSON body signed with the
/// webhook secret token (`x-zm-signature`, `x-zm-request-timestamp`, `x-zm-trackingid`),
/// POSTed to the configured URL. Deliveries are synchronous, one at a time, and report what
/// Lectern answered.
public final class WebhookFirer: @unchecked Sendable {
    /// Where deliveries go and how they are signed.
    public struct Target: Codable, Sendable, Equatable {
        /// e.g. `https://127.0.0.1:8443/schedule/api/zoom/webhook/`.
        public var url: String
        /// The app's webhook secret token (Lectern's `ZOOM_WEBHOOK_SECRET_TOKEN`).
        public var secret: String
        /// A PEM file to trust for the URL's certificate (the local stack's self-signed one).
        public var caFile: String?

        public init(url: String, secret: String, caFile: String? = nil) {
            self.url = url
            self.secret = secret
            self.caFile = caFile
        }
    }

    /// One delivery and Lectern's answer to it.
    struct Delivery: Encodable {
        var event: String
        /// The HTTP status, 0 when there was no answer.
        var status: Int
        /// The `outcome` Lectern reported, when it did.
        var outcome: String?
        var error: String?
    }

    private let lock = NSLock()
    private var target: Target?

    public init() {}

    /// Sets (or, with `nil`, clears) where deliveries go.
    public func configure(_ target: Target?) {
        lock.withLock { self.target = target }
    }

    var currentTarget: Target? {
        lock.withLock { target }
    }

    /// Signs and sends one event body.
    func deliver(event: String, body: Data, to target: Target, now: Date) -> Delivery {
        let bytes = Array(body)
        let timestamp = String(Int64(now.timeIntervalSince1970))
        let request = HTTPClientRequest(method: "POST", url: target.url, headers: [
            ("Content-Type", "application/json"),
            ("x-zm-request-timestamp", timestamp),
            ("x-zm-signature", ZoomWebhookVerifier.signature(secret: target.secret, timestamp: timestamp, body: bytes)),
            ("x-zm-trackingid", "sim-" + UUID().uuidString.lowercased()),
        ], body: bytes, connectTimeout: 5, totalTimeout: 10)
        do {
            let response = try HTTPClient(userAgent: "Zoom Marketplace/1.0a", caFile: target.caFile).send(request)
            let answer = try? SimJSON.decoder.decode(Answer.self, from: Data(response.body))
            return Delivery(event: event, status: response.status, outcome: answer?.outcome, error: nil)
        } catch {
            return Delivery(event: event, status: 0, outcome: nil, error: "\(error)")
        }
    }

    private struct Answer: Decodable {
        var outcome: String?
    }
}
