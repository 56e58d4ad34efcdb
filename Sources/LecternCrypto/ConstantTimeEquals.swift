import COpenSSL

/// Compares two byte strings in time that depends only on their lengths, never their contents,
/// so MACs and password hashes can be checked without a timing oracle. Lengths are public
/// (they are fixed by the algorithm), so unequal lengths return `false` straight away.
public func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    return a.withUnsafeBytes { a in
        b.withUnsafeBytes { b in CRYPTO_memcmp(a.baseAddress, b.baseAddress, a.count) == 0 }
    }
}
