import LecternCore

extension WebhookParseError: HTTPResponseError {
    /// A delivery whose body is not the JSON Zoom documents is a 400.
    public var apiError: APIError { APIError.badRequest(detail, code: "invalid_json") }
}
