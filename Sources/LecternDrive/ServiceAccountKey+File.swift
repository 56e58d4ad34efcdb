import Foundation
import LecternCrypto

extension ServiceAccountKey {
    /// Reads and checks the key file Google issued (`GOOGLE_SERVICE_ACCOUNT_FILE`).
    /// - Throws: ``ServiceAccountKeyError``, whose text names the file and the problem but
    ///   never quotes the file's content.
    public init(contentsOfFile path: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ServiceAccountKeyError.unreadable(path: path, reason: Self.readFailure(error))
        }
        do {
            self = try JSONDecoder().decode(ServiceAccountKey.self, from: data)
        } catch {
            throw ServiceAccountKeyError.invalid(path: path, reason: Self.decodeFailure(error))
        }
        try validate(path: path)
    }

    /// The checks a file can fail after it parsed, each with a reason that quotes no secret.
    func validate(path: String) throws {
        func invalid(_ reason: String) -> ServiceAccountKeyError { .invalid(path: path, reason: reason) }
        guard type == "service_account" else { throw invalid("\"type\" is not \"service_account\"") }
        guard !clientEmail.isEmpty else { throw invalid("\"client_email\" is empty") }
        guard !privateKeyID.isEmpty else { throw invalid("\"private_key_id\" is empty") }
        guard let url = URL(string: tokenURI), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
            throw invalid("\"token_uri\" is not an http(s) URL")
        }
        do {
            _ = try RS256Signer(pkcs8PEM: privateKey)
        } catch {
            throw invalid("\"private_key\" is not an unencrypted RSA private key in PEM form")
        }
    }

    private static func readFailure(_ error: Error) -> String {
        switch (error as? CocoaError)?.code {
        case .fileReadNoSuchFile, .fileNoSuchFile: return "no such file"
        case .fileReadNoPermission: return "permission denied"
        default: return "cannot be read"
        }
    }

    /// The key and the kind of problem only: a decoding error's own text can quote the input.
    private static func decodeFailure(_ error: Error) -> String {
        func field(_ path: [CodingKey]) -> String { "\"\(path.map(\.stringValue).joined(separator: "."))\"" }
        guard let error = error as? DecodingError else { return "not a service-account key" }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing \(field(context.codingPath + [key]))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(field(context.codingPath)) has the wrong type"
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return "not a JSON object"
        case .dataCorrupted(let context):
            return "\(field(context.codingPath)) is invalid"
        @unknown default:
            return "not a service-account key"
        }
    }
}
