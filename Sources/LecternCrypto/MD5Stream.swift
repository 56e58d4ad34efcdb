import COpenSSL

/// Incremental MD5 of a download as it streams past, to compare with Drive's `md5Checksum`.
/// A class because it owns an OpenSSL context that must be freed exactly once.
public final class MD5Stream {
    private let context: OpaquePointer

    /// A fresh stream.
    public init() {
        guard let context = EVP_MD_CTX_new() else { preconditionFailure("OpenSSL EVP_MD_CTX_new failed") }
        self.context = context
        Self.start(context)
    }

    deinit {
        EVP_MD_CTX_free(context)
    }

    /// Feeds the next piece of the input.
    public func update(_ bytes: UnsafeRawBufferPointer) {
        precondition(EVP_DigestUpdate(context, bytes.baseAddress, bytes.count) == 1, "OpenSSL MD5 update failed")
    }

    /// Feeds the next piece of the input.
    public func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The lowercase hex MD5 of everything fed so far; the stream then starts over empty.
    public func finalizeHex() -> String {
        var out = [UInt8](repeating: 0, count: Int(MD5_DIGEST_LENGTH))
        var size: UInt32 = 0
        precondition(EVP_DigestFinal_ex(context, &out, &size) == 1, "OpenSSL MD5 final failed")
        Self.start(context)
        return Digest.hex(out)
    }

    private static func start(_ context: OpaquePointer) {
        precondition(EVP_DigestInit_ex(context, EVP_md5(), nil) == 1, "OpenSSL MD5 init failed")
    }
}
