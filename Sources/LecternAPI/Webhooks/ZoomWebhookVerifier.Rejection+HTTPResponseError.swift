import LecternZoom

extension ZoomWebhookVerifier.Rejection: HTTPResponseError {
    /// A delivery that does not prove it comes from Zoom is a 403.
    public var apiError: APIError { APIError(403, code, description) }

    /// The error code of the 403.
    var code: String {
        switch self {
        case .missingSignature, .badSignature: return "invalid_signature"
        case .invalidTimestamp: return "invalid_timestamp"
        case .staleTimestamp: return "stale_timestamp"
        }
    }
}
