/// A Google service account's key, as the JSON file Google hands out holds it. Printing it
/// (`description`, `dump`) never shows the private key.
public struct ServiceAccountKey: Decodable, Sendable, Equatable {
    /// `service_account` for the keys Lectern can use.
    public var type: String
    /// The Google Cloud project the account belongs to; informational.
    public var projectID: String?
    /// Sent as the JWT header's `kid`, so Google knows which of the account's keys signed.
    public var privateKeyID: String
    /// The RSA private key, PKCS#8 PEM.
    public var privateKey: String
    /// The account's address: the assertion's issuer, and who owns what it uploads.
    public var clientEmail: String
    /// Where signed assertions are exchanged for tokens: Google's endpoint unless the file names another.
    public var tokenURI: String

    enum CodingKeys: String, CodingKey {
        case type
        case projectID = "project_id"
        case privateKeyID = "private_key_id"
        case privateKey = "private_key"
        case clientEmail = "client_email"
        case tokenURI = "token_uri"
    }

    /// A key from its parts, for tests and for keys that do not come from a file.
    public init(type: String = "service_account", projectID: String? = nil, privateKeyID: String, privateKey: String,
                clientEmail: String, tokenURI: String = GoogleJWT.audience) {
        self.type = type
        self.projectID = projectID
        self.privateKeyID = privateKeyID
        self.privateKey = privateKey
        self.clientEmail = clientEmail
        self.tokenURI = tokenURI
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decode(String.self, forKey: .type)
        projectID = try container.decodeIfPresent(String.self, forKey: .projectID)
        privateKeyID = try container.decode(String.self, forKey: .privateKeyID)
        privateKey = try container.decode(String.self, forKey: .privateKey)
        clientEmail = try container.decode(String.self, forKey: .clientEmail)
        tokenURI = try container.decodeIfPresent(String.self, forKey: .tokenURI) ?? GoogleJWT.audience
    }
}
