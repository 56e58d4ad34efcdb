/// The token endpoint's error answer (RFC 6749 §5.2), e.g. `{"error":"invalid_grant","error_description":"Invalid JWT Signature."}`.
struct GoogleOAuthErrorBody: Decodable {
    var error: String
    var errorDescription: String?

    enum CodingKeys: String, CodingKey {
        case error
        case errorDescription = "error_description"
    }

    /// `error: description`, or just `error`.
    var summary: String {
        guard let errorDescription, !errorDescription.isEmpty else { return error }
        return "\(error): \(errorDescription)"
    }
}
