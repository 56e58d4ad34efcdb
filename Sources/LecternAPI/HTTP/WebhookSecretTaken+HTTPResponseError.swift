import LecternStore

extension WebhookSecretTaken: HTTPResponseError {
    /// Each Zoom app needs its own webhook secret (the secret tells which app signed a delivery).
    public var apiError: APIError {
        APIError(409, "webhook_secret_taken", "Another Zoom app already has this webhook secret; each app needs its own.")
    }
}
