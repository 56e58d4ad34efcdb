import COpenSSL

/// An owned OpenSSL `EVP_PKEY` loaded from PEM, freed when the last holder goes away.
/// `@unchecked Sendable`: OpenSSL 3 only reads a key while signing or verifying, and every
/// operation uses its own context.
final class EVPKey: @unchecked Sendable {
    let pointer: OpaquePointer

    private init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        EVP_PKEY_free(pointer)
    }

    /// An RSA private key (PKCS#8 or traditional), or `nil`. Encrypted keys are refused
    /// rather than prompted for: OpenSSL's default callback would read a passphrase from the tty.
    static func rsaPrivateKey(pem: String) -> EVPKey? {
        load(pem) { PEM_read_bio_PrivateKey($0, nil, { _, _, _, _ in 0 }, nil) }
    }

    /// An RSA public key (`BEGIN PUBLIC KEY`), or `nil`.
    static func rsaPublicKey(pem: String) -> EVPKey? {
        load(pem) { PEM_read_bio_PUBKEY($0, nil, { _, _, _, _ in 0 }, nil) }
    }

    private static func load(_ pem: String, read: (OpaquePointer) -> OpaquePointer?) -> EVPKey? {
        let key: EVPKey? = pem.withCString { text in
            guard let bio = BIO_new_mem_buf(text, -1) else { return nil }
            defer { BIO_free(bio) }
            return read(bio).map(EVPKey.init)
        }
        guard let key, EVP_PKEY_is_a(key.pointer, "RSA") == 1 else {
            // A failed parse leaves errors queued; clear them so later TLS calls do not see them.
            ERR_clear_error()
            return nil
        }
        return key
    }
}
