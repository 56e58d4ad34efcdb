import COpenSSL
import Foundation

/// AES-256-GCM sealing of short secrets (OAuth client secrets, download tokens) for storage,
/// as `v1:` + base64(nonce ‖ ciphertext ‖ tag). The version prefix leaves room to rotate
/// the format later.
public struct SecretBox: Sendable {
    static let prefix = "v1:"
    static let nonceLength = 12
    static let tagLength = 16

    private let key: MasterKey

    /// A box sealing under `key`.
    public init(key: MasterKey) {
        self.key = key
    }

    /// Encrypts `plaintext` under a fresh random nonce, so equal inputs seal differently.
    public func seal(_ plaintext: String) -> String {
        let nonce = SecureRandom.bytes(Self.nonceLength)
        var tag = [UInt8](repeating: 0, count: Self.tagLength)
        guard let ciphertext = crypt(encrypt: true, nonce: nonce, input: Array(plaintext.utf8), tag: &tag) else {
            preconditionFailure("OpenSSL AES-256-GCM encryption failed")
        }
        return Self.prefix + Data(nonce + ciphertext + tag).base64EncodedString()
    }

    /// Decrypts and authenticates text made by `seal`.
    /// - Throws: `CryptoError.decryptionFailed` if it is malformed, altered, or sealed under another key.
    public func open(_ sealed: String) throws -> String {
        guard sealed.hasPrefix(Self.prefix),
              let data = Data(base64Encoded: String(sealed.dropFirst(Self.prefix.count))),
              data.count >= Self.nonceLength + Self.tagLength
        else { throw CryptoError.decryptionFailed }
        let bytes = [UInt8](data)
        let nonce = Array(bytes[..<Self.nonceLength])
        let ciphertext = Array(bytes[Self.nonceLength ..< bytes.count - Self.tagLength])
        var tag = Array(bytes[(bytes.count - Self.tagLength)...])
        guard let plaintext = crypt(encrypt: false, nonce: nonce, input: ciphertext, tag: &tag),
              let text = String(validating: plaintext, as: UTF8.self)
        else { throw CryptoError.decryptionFailed }
        return text
    }

    /// One GCM pass: when encrypting, `tag` receives the tag; when decrypting, it is the tag to
    /// check. Returns `nil` when OpenSSL refuses, which on decryption means authentication failed.
    private func crypt(encrypt: Bool, nonce: [UInt8], input: [UInt8], tag: inout [UInt8]) -> [UInt8]? {
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
