import XCTest
import Foundation

/// A throwaway RSA key pair made by the `openssl` CLI in a temporary directory, so no private
/// key is ever committed; the CLI also serves as the independent implementation to interoperate with.
public struct RSAKeyPair {
    public let directory: URL
    public let privatePEM: String
    public let publicPEM: String

    public var privateKeyPath: String { directory.appendingPathComponent("key.pem").path }
    public var publicKeyPath: String { directory.appendingPathComponent("pub.pem").path }

    /// Generates a 2048-bit pair; the directory is removed when `testCase` finishes.
    public static func generate(for testCase: XCTestCase) throws -> RSAKeyPair {
        let pair = try generate()
        testCase.addTeardownBlock { try? FileManager.default.removeItem(at: pair.directory) }
        return pair
    }

    /// One pair for the whole test run (generating one takes a while), for tests that need only
    /// the PEM texts; its directory is gone.
    public static let shared: RSAKeyPair = {
        do {
            let pair = try generate()
            try? FileManager.default.removeItem(at: pair.directory)
            return pair
        } catch {
            fatalError("cannot generate a test key pair: \(error)")
        }
    }()

    private static func generate() throws -> RSAKeyPair {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("lectern-crypto-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let key = directory.appendingPathComponent("key.pem").path
        let pub = directory.appendingPathComponent("pub.pem").path
        try openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key])
        try openssl(["pkey", "-in", key, "-pubout", "-out", pub])
        return RSAKeyPair(directory: directory, privatePEM: try String(contentsOfFile: key, encoding: .utf8),
                          publicPEM: try String(contentsOfFile: pub, encoding: .utf8))
    }

    /// Writes `bytes` to `name` in the pair's directory and returns its path.
    public func write(_ bytes: [UInt8], to name: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// Runs the `openssl` CLI, failing with its stderr on a non-zero exit.
    @discardableResult
    public static func openssl(_ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "openssl", code: Int(process.terminationStatus), userInfo: [
                NSLocalizedDescriptionKey: "openssl \(arguments.joined(separator: " ")): "
                    + String(decoding: stderr, as: UTF8.self),
            ])
        }
        return stdout
    }
}
