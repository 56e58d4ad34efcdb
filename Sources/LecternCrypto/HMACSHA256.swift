import COpenSSL

/// HMAC-SHA256 through OpenSSL 3's EVP_MAC interface.
public enum HMACSHA256 {
    /// The 32-byte MAC of `message` under `key`.
    public static func mac(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        var size = 0
        let result = key.withUnsafeBytes { key in
            message.withUnsafeBytes { message in
                EVP_Q_mac(nil, "HMAC", nil, "SHA256", nil, key.baseAddress, key.count,
                          message.baseAddress?.assumingMemoryBound(to: UInt8.self), message.count,
                          &out, out.count, &size)
            }
        }
        precondition(result != nil && size == out.count, "OpenSSL HMAC-SHA256 failed")
        return out
    }

    /// Lowercase hex MAC of `message` under the UTF-8 bytes of `key` (Zoom's webhook scheme).
    public static func hex(key: String, message: [UInt8]) -> String {
        Digest.hex(mac(key: Array(key.utf8), message: message))
    }
}
