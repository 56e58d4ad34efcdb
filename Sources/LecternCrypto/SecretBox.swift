import COpenSSL
import Foundation

/// AES-256-GCM sealing of short secrets (OAuth client secrets, download tokens) for storage,
/// as `v1:` + base64(nonce ‖ ciphertext ‖ tag), or, bound to where the value is stored, as
/// `v2:` + the same with the place (``SealContext``: table, column, row id) as associated
/// data, so that a value copied into another column or row does not open.
public struct SecretBox: Sendable {
    static let prefix = "v1:"
    static let boundPrefix = "v2:"
    static let nonceLength = 12
    static let tagLength = 16

    private let key: MasterKey

    /// A box sealing under `key`.
    public init(key: MasterKey) {
        self.key = key
    }

    /// Encrypts `plaintext` under a fresh random nonce, so equal inputs seal differently.
    public func seal(_ plaintext: String) -> String {
        Self.prefix + sealed(plaintext, associatedData: [])
    }

    /// Encrypts `plaintext` bound to `context`: it opens only with the same context.
    public func seal(_ plaintext: String, for context: SealContext) -> String {
        Self.boundPrefix + sealed(plaintext, associatedData: context.associatedData)
    }

    /// Decrypts and authenticates text made by `seal(_:)`.
    /// - Throws: `CryptoError.decryptionFailed` if it is malformed, altered, or sealed under another key.
    public func open(_ sealed: String) throws -> String {
        guard sealed.hasPrefix(Self.prefix) else { throw CryptoError.decryptionFailed }
        return try opened(sealed.dropFirst(Self.prefix.count), associatedData: [])
    }

    /// Decrypts text sealed for `context`. An unbound (`v1:`) value from before values were
    /// bound opens only with `acceptingUnbound` (a column whose values are never shown to
    /// anyone, during the upgrade); values shown to users must be bound.
    /// - Throws: `CryptoError.decryptionFailed` if it is malformed, altered, sealed under
    ///   another key or for another place.
    public func open(_ sealed: String, for context: SealContext, acceptingUnbound: Bool = false) throws -> String {
        if sealed.hasPrefix(Self.boundPrefix) {
            return try opened(sealed.dropFirst(Self.boundPrefix.count), associatedData: context.associatedData)
        }
        guard acceptingUnbound else { throw CryptoError.decryptionFailed }
        return try open(sealed)
    }

    /// Whether `sealed` is bound to a place (`v2:`).
    public static func isBound(_ sealed: String) -> Bool {
        sealed.hasPrefix(boundPrefix)
    }

    private func sealed(_ plaintext: String, associatedData: [UInt8]) -> String {
        let nonce = SecureRandom.bytes(Self.nonceLength)
        var tag = [UInt8](repeating: 0, count: Self.tagLength)
        guard let ciphertext = crypt(encrypt: true, nonce: nonce, input: Array(plaintext.utf8),
                                     associatedData: associatedData, tag: &tag) else {
            preconditionFailure("OpenSSL AES-256-GCM encryption failed")
        }
        return Data(nonce + ciphertext + tag).base64EncodedString()
    }

    private func opened(_ encoded: Substring, associatedData: [UInt8]) throws -> String {
        guard let data = Data(base64Encoded: String(encoded)), data.count >= Self.nonceLength + Self.tagLength
        else { throw CryptoError.decryptionFailed }
        let bytes = [UInt8](data)
        let nonce = Array(bytes[..<Self.nonceLength])
        let ciphertext = Array(bytes[Self.nonceLength ..< bytes.count - Self.tagLength])
        var tag = Array(bytes[(bytes.count - Self.tagLength)...])
        guard let plaintext = crypt(encrypt: false, nonce: nonce, input: ciphertext, associatedData: associatedData,
                                    tag: &tag),
              let text = String(validating: plaintext, as: UTF8.self)
        else { throw CryptoError.decryptionFailed }
        return text
    }

    /// One GCM pass: when encrypting, `tag` receives the tag; when decrypting, it is the tag to
    /// check. Returns `nil` when OpenSSL refuses, which on decryption means authentication failed.
    private func crypt(encrypt: Bool, nonce: [UInt8], input: [UInt8], associatedData: [UInt8],
                       tag: inout [UInt8]) -> [UInt8]? {
        guard input.count < Int(Int32.max) - Int(EVP_MAX_BLOCK_LENGTH), let context = EVP_CIPHER_CTX_new() else {
            return nil
        }
        defer { EVP_CIPHER_CTX_free(context) }
        // Room for a final block keeps EVP's contract even though GCM never emits one.
        var output = [UInt8](repeating: 0, count: input.count + Int(EVP_MAX_BLOCK_LENGTH))
        var written: Int32 = 0
        var finalWritten: Int32 = 0
        var ok = EVP_CipherInit_ex(context, EVP_aes_256_gcm(), nil, key.bytes, nonce, encrypt ? 1 : 0) == 1
        if ok && !encrypt {
            ok = EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_TAG, Int32(tag.count), &tag) == 1
        }
        if ok && !associatedData.isEmpty {
            // Associated data goes in with a null output buffer before the message.
            var ignored: Int32 = 0
            ok = EVP_CipherUpdate(context, nil, &ignored, associatedData, Int32(associatedData.count)) == 1
        }
        ok = ok && output.withUnsafeMutableBufferPointer { buffer in
            EVP_CipherUpdate(context, buffer.baseAddress, &written, input, Int32(input.count)) == 1
                && EVP_CipherFinal_ex(context, buffer.baseAddress! + Int(written), &finalWritten) == 1
        }
        if ok && encrypt {
            ok = EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_GET_TAG, Int32(tag.count), &tag) == 1
        }
        guard ok else {
            // Leave nothing on this thread's error queue for libcurl's TLS to trip over later.
            ERR_clear_error()
            return nil
        }
        return Array(output[..<Int(written + finalWritten)])
    }
}
