import Foundation

/// A throwaway RSA key pair made once per test run by the `openssl` CLI, so no private key is
/// ever committed (as in LecternCryptoTests).
struct RSAKeyPair {
    let privatePEM: String
    let publicPEM: String

    static let shared: RSAKeyPair = {
        do {
            return try generate()
        } catch {
            fatalError("cannot generate a test key pair: \(error)")
        }
    }()

    private static func generate() throws -> RSAKeyPair {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-drive-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = directory.appendingPathComponent("key.pem").path
        let pub = directory.appendingPathComponent("pub.pem").path
        try openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key])
        try openssl(["pkey", "-in", key, "-pubout", "-out", pub])
        return RSAKeyPair(privatePEM: try String(contentsOfFile: key, encoding: .utf8),
                          publicPEM: try String(contentsOfFile: pub, encoding: .utf8))
    }

    /// Runs the `openssl` CLI, failing with its stderr on a non-zero exit.
    private static func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "openssl", code: Int(process.terminationStatus), userInfo: [
                NSLocalizedDescriptionKey: "openssl \(arguments.joined(separator: " ")): " + String(decoding: stderr, as: UTF8.self),
            ])
        }
    }
}
