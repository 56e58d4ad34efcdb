import COpenSSL
import Foundation

/// PBKDF2-HMAC-SHA256 password hashing, stored Django-style as
/// `pbkdf2_sha256$<iterations>$<salt base64>$<hash base64>`.
public struct PasswordHasher: Sendable {
    static let algorithm = "pbkdf2_sha256"
    static let saltLength = 16
    static let keyLength = 32

    /// Iterations used by `hash`; `verify` uses whatever count the stored hash names,
    /// so raising this later does not lock anyone out.
    public let iterations: Int

    /// - Parameter iterations: PBKDF2 rounds for new hashes (the spec asks for at least 600 000).
    public init(iterations: Int = 600_000) {
        precondition(iterations > 0 && iterations <= Int(Int32.max), "PBKDF2 iterations out of range")
        self.iterations = iterations
    }

    /// Hashes `password` under a fresh random salt.
    public func hash(_ password: String) -> String {
        let salt = SecureRandom.bytes(Self.saltLength)
        let key = Self.derive(password: Array(password.utf8), salt: salt, iterations: iterations,
                              length: Self.keyLength)
        return [Self.algorithm, String(iterations), Data(salt).base64EncodedString(),
                Data(key).base64EncodedString()].joined(separator: "$")
    }

    /// Whether `password` matches `encoded`; `false` for anything malformed.
    public func verify(_ password: String, against encoded: String) -> Bool {
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == Self.algorithm,
              let rounds = Int(parts[1]), rounds > 0, rounds <= Int(Int32.max),
              let salt = Data(base64Encoded: String(parts[2])), !salt.isEmpty,
              let expected = Data(base64Encoded: String(parts[3])), expected.count == Self.keyLength
        else { return false }
        let actual = Self.derive(password: Array(password.utf8), salt: [UInt8](salt), iterations: rounds,
                                 length: Self.keyLength)
        return constantTimeEquals(actual, [UInt8](expected))
    }

    /// Raw PBKDF2-HMAC-SHA256; internal so tests can check it against published vectors.
    static func derive(password: [UInt8], salt: [UInt8], iterations: Int, length: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: length)
        let ok = password.withUnsafeBufferPointer { password in
            password.withMemoryRebound(to: CChar.self) { password in
                PKCS5_PBKDF2_HMAC(password.baseAddress, Int32(password.count), salt, Int32(salt.count),
                                  Int32(iterations), EVP_sha256(), Int32(length), &out)
            }
        }
        precondition(ok == 1, "OpenSSL PBKDF2 failed")
        return out
    }
}
