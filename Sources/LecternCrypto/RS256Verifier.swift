import COpenSSL

/// Checks RS256 (RSASSA-PKCS1-v1_5 with SHA-256) signatures.
public struct RS256Verifier: Sendable {
    private let key: EVPKey

    /// Loads an RSA public key in `BEGIN PUBLIC KEY` PEM form.
    /// - Throws: `CryptoError.invalidPublicKey`.
    public init(publicKeyPEM: String) throws {
        guard let key = EVPKey.rsaPublicKey(pem: publicKeyPEM) else { throw CryptoError.invalidPublicKey }
        self.key = key
    }

    /// Loads the public half of an unencrypted RSA private key (PKCS#8 or traditional PEM), for
    /// a party that holds only the signer's key, as an emulator of the token endpoint does.
    /// - Throws: `CryptoError.invalidPrivateKey`.
    public init(privateKeyPEM: String) throws {
        guard let key = EVPKey.rsaPrivateKey(pem: privateKeyPEM) else { throw CryptoError.invalidPrivateKey }
        self.key = key
    }

    /// Whether `signature` is a valid signature of `message` under this key.
    public func verify(signature: [UInt8], message: [UInt8]) -> Bool {
        guard let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        let valid = EVP_DigestVerifyInit(context, nil, EVP_sha256(), nil, key.pointer) == 1
            && EVP_DigestVerify(context, signature, signature.count, message, message.count) == 1
        // A bad signature queues an error; clear it so later TLS calls do not see it.
        if !valid { ERR_clear_error() }
        return valid
    }
}
