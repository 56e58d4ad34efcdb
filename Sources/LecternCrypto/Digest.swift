import COpenSSL

/// One-shot SHA-256 and lowercase hex rendering.
public enum Digest {
    /// SHA-256 of `data` (32 bytes).
    public static func sha256(_ data: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        var size: UInt32 = 0
        let ok = data.withUnsafeBytes { EVP_Digest($0.baseAddress, $0.count, &out, &size, EVP_sha256(), nil) }
        precondition(ok == 1 && Int(size) == out.count, "OpenSSL SHA-256 failed")
        return out
    }

    /// Lowercase hex SHA-256 of the UTF-8 bytes of `s` (how API tokens are stored).
    public static func sha256Hex(_ s: String) -> String {
        hex(sha256(Array(s.utf8)))
    }

    /// Lowercase hex rendering of `bytes`.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: bytes.count * 2) { buffer in
            for (index, byte) in bytes.enumerated() {
                buffer[2 * index] = digits[Int(byte >> 4)]
                buffer[2 * index + 1] = digits[Int(byte & 0x0f)]
            }
            return bytes.count * 2
        }
    }
}
