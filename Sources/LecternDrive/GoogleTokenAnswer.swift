/// The token endpoint's success answer.
struct GoogleTokenAnswer: Decodable {
    var accessToken: String
    /// Seconds; Google says 3599.
    var expiresIn: Int?

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case expiresIn = "expires_in"
    }
}
