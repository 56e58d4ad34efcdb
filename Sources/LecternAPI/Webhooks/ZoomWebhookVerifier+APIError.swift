import LecternZoom

extension ZoomWebhookVerifier.Rejection {
    /// The error code of the 403.
    var code: String {
        switch self {
        case .missingSignature, .badSignature: return "invalid_signature"
        case .invalidTimestamp: return "invalid_timestamp"
        case .staleTimestamp: return "stale_timestamp"
        }
    }
}
