import Foundation
import LecternCore
import LecternCrypto
import LecternPool
import LecternStore
import LecternZoom
import Logging

/// `POST /schedule/api/zoom/webhook/` (SPEC §5): Zoom's deliveries. No bearer token; the
/// signature is the authentication. A rejected delivery writes nothing.
enum ZoomWebhookHandlers {
    static let logger = Logger(label: "webhook")

    static func receive(_ context: RequestContext) throws -> HTTPResponse {
        let request = context.request
        let trackingID = request.headers["x-zm-trackingid"]
        let secret = try verify(context, trackingID: trackingID)
        let event = try ZoomWebhookEvent.parse(request.body)
        let processor = ZoomWebhookProcessor(db: context.db, fileTypes: context.configuration.fileTypes,
                                             box: try? context.secretBox(), now: context.now)
        let delivery = ZoomWebhookProcessor.Delivery(appID: secret.appID, trackingID: trackingID, body: request.body)
        if case .validateURL(let plainToken) = event.action {
            do {
                _ = try processor.apply(event, delivery)
            } catch let error as DatabaseError {
                // Zoom disables a subscription whose URL fails validation: answer even without the audit row.
                logger.warning("url validation not recorded", metadata: ["error": "\(error)"])
            }
            let answer = URLValidationAnswer(
                plainToken: plainToken,
                encryptedToken: ZoomWebhookVerifier.encryptedToken(plainToken: plainToken, secret: secret.value))
            return JSONBody.response(200, answer)
        }
        let outcome = try processor.apply(event, delivery)
        if event.action == .unknown {
            logger.info("webhook event not handled", metadata: ["event": "\(event.name)", "tracking_id": "\(trackingID ?? "")"])
        }
        return JSONBody.response(200, Receipt(event: event.name, outcome: outcome.rawValue))
    }

    /// The secret that signed the delivery: the environment app's first (no database needed),
    /// then those stored with apps.
    private static func verify(_ context: RequestContext, trackingID: String?) throws -> ZoomWebhookVerifier.Secret {
        let headers = context.request.headers
        func check(_ secrets: [ZoomWebhookVerifier.Secret]) throws -> ZoomWebhookVerifier.Secret {
            try ZoomWebhookVerifier(secrets: secrets).verify(
                signature: headers["x-zm-signature"], timestamp: headers["x-zm-request-timestamp"],
                body: context.request.body, now: context.now)
        }
        do {
            do {
                let environment = context.configuration.zoomWebhookSecretToken.map {
                    ZoomWebhookVerifier.Secret(appID: ZoomAppRepository.environmentAppID, value: $0)
                }
                return try check(environment.map { [$0] } ?? [])
            } catch ZoomWebhookVerifier.Rejection.badSignature {
                return try check(try storedSecrets(context))
            }
        } catch let rejection as ZoomWebhookVerifier.Rejection {
            logger.warning("webhook rejected", metadata: ["reason": "\(rejection)", "tracking_id": "\(trackingID ?? "")"])
            throw rejection
        }
    }

    /// Webhook secrets of the apps in the database (event providers, personal apps, app #1).
    private static func storedSecrets(_ context: RequestContext) throws -> [ZoomWebhookVerifier.Secret] {
        let sealed = try WebhookEventRepository(context.db).sealedSecrets()
        guard !sealed.isEmpty, let box = try? context.secretBox() else { return [] }
        return sealed.compactMap { app in
            guard let value = try? box.open(app.sealed, .appWebhookSecret, rowID: app.appID) else {
                logger.warning("cannot open a stored webhook secret", metadata: ["app_id": "\(app.appID)"])
                return nil
            }
            return ZoomWebhookVerifier.Secret(appID: app.appID, value: value)
        }
    }

    /// The answer to an accepted event.
    struct Receipt: JSONWritable {
        var event: String
        var outcome: String

        func write(to json: inout JSONWriter) {
            json.object { json in
                json.field("event", event)
                json.field("outcome", outcome)
            }
        }
    }
}
