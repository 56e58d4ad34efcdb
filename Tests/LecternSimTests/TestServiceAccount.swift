import Foundation
import LecternCrypto

/// A throwaway Google service account: an RSA key made by the `openssl` CLI (so no private key
/// is ever committed), its JSON key file, and signed assertions for the token endpoint.
struct TestServiceAccount {
    let keyID: String
    let email: String
    let privateKeyPEM: String

    /// One key per test run: generating RSA keys is slow.
    static let sharedKey: String = generateKey()
    static let otherKey: String = generateKey()

    init(keyID: String = "sim-key-1", email: String = "lectern@school-sim.iam.gserviceaccount.com",
         privateKeyPEM: String = TestServiceAccount.sharedKey) {
        self.keyID = keyID
        self.email = email
        self.privateKeyPEM = privateKeyPEM
    }

    /// Google's JSON key file for this account.
    var json: String {
        let file: [String: String] = [
            "type": "service_account", "project_id": "school-sim", "private_key_id": keyID,
            "private_key": privateKeyPEM, "client_email": email, "token_uri": "http://sim.test/token",
        ]
        return String(decoding: try! JSONSerialization.data(withJSONObject: file), as: UTF8.self)
    }

    /// The claims Lectern sends, at `now`.
    func claims(now: Date) -> [String: Any] {
        let iat = Int(now.timeIntervalSince1970)
        return ["iss": email, "scope": "https://www.googleapis.com/auth/drive",
                "aud": "https://oauth2.googleapis.com/token", "iat": iat, "exp": iat + 3600]
    }

    /// `header.claims.signature`, signed with `signingKey` (this account's key unless given).
    func assertion(claims: [String: Any], header: [String: Any]? = nil, signingKey: String? = nil) throws -> String {
        let head = header ?? ["alg": "RS256", "typ": "JWT", "kid": keyID]
        let input = try Base64URL.encode(Array(JSONSerialization.data(withJSONObject: head)))
            + "." + Base64URL.encode(Array(JSONSerialization.data(withJSONObject: claims)))
        let signature = try RS256Signer(pkcs8PEM: signingKey ?? privateKeyPEM).sign(Array(input.utf8))
        return input + "." + Base64URL.encode(signature)
    }

    /// The form body of a token request carrying `assertion`.
    static func form(_ assertion: String, grantType: String = "urn:ietf:params:oauth:grant-type:jwt-bearer") -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        return "grant_type=\(grantType.addingPercentEncoding(withAllowedCharacters: allowed)!)&assertion=\(assertion)"
    }

    private static func generateKey() -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"]
        let output = Pipe()
        process.standardOutput = output
        try! process.run()
        let pem = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        precondition(process.terminationStatus == 0, "openssl genpkey failed")
        return String(decoding: pem, as: UTF8.self)
    }
}
