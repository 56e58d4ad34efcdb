import COpenSSL

/// RSASSA-PKCS1-v1_5 with SHA-256 (JWT `RS256`), for Google service-account assertions.
public struct RS256Signer: Sendable {
    private let key: EVPKey

    /// Loads an unencrypted RSA private key, e.g. a service-account JSON's `private_key`.
    /// - Throws: `CryptoError.invalidPrivateKey`.
    public init(pkcs8PEM: String) throws {
        guard let key = EVPKey.rsaPrivateKey(pem: pkcs8PEM) else { throw CryptoError.invalidPrivateKey }
        self.key = key
    }

    /// The signature over `message`.
    /// - Throws: `CryptoError.signingFailed`.
    public func sign(_ message: [UInt8]) throws -> [UInt8] {
        guard let context = EVP_MD_CTX_new() else { throw CryptoError.signingFailed }
        defer { EVP_MD_CTX_free(context) }
        var length = 0
        // The first EVP_DigestSign call only reports the signature size.
        guard EVP_DigestSignInit(context, nil, EVP_sha256(), nil, key.pointer) == 1,
              EVP_DigestSign(context, nil, &length, message, message.count) == 1
        else {
            ERR_clear_error()
            throw CryptoError.signingFailed
        }
        var signature = [UInt8](repeating: 0, count: length)
        guard EVP_DigestSign(context, &signature, &length, message, message.count) == 1 else {
            ERR_clear_error()
            throw CryptoError.signingFailed
        }
        return Array(signature[..<length])
    }
}
