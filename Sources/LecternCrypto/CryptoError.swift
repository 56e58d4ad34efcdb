/// Why a cryptographic operation refused its input. Descriptions never include key material
/// or ciphertext, so they are safe to log.
public enum CryptoError: Error, Equatable, CustomStringConvertible {
    /// The master key is neither 64 hex characters nor base64 of exactly 32 bytes.
    case invalidMasterKey
    /// A sealed secret is malformed, was tampered with, or was sealed under another key.
    case decryptionFailed
    /// The PEM text does not hold an unencrypted RSA private key.
    case invalidPrivateKey
    /// The PEM text does not hold an RSA public key.
    case invalidPublicKey
    /// OpenSSL could not produce a signature.
    case signingFailed

    public var description: String {
        switch self {
        case .invalidMasterKey: return "crypto: master key must be 64 hex characters or base64 of 32 bytes"
        case .decryptionFailed: return "crypto: sealed secret could not be decrypted (tampered, or wrong master key)"
        case .invalidPrivateKey: return "crypto: not an unencrypted RSA private key in PEM form"
        case .invalidPublicKey: return "crypto: not an RSA public key in PEM form"
        case .signingFailed: return "crypto: RSA signing failed"
        }
    }
}
