import XCTest
@testable import LecternCore

final class ConfigurationTests: XCTestCase {
    private func load(_ env: [String: String], files: [String: String] = [:]) throws -> Configuration {
        try Configuration(environment: env, cores: 2) { path in
            guard let text = files[path] else { throw ConfigurationError.unreadable(path, "missing") }
            return text
        }
    }

    func testDefaults() throws {
        let config = try load([:])
        XCTAssertEqual(config.listen, .unix(path: "/run/lectern/fcgi.sock"))
        XCTAssertEqual(config.workers, 4)
        XCTAssertEqual(config.maxRequests, 10_000)
        XCTAssertEqual(config.requestTimeoutSeconds, 30)
        XCTAssertEqual(config.chunkSize, 8_388_608)
        XCTAssertEqual(config.zoomAfterTransfer, .trash)
        XCTAssertEqual(config.fileTypes, ["MP4", "M4A", "TRANSCRIPT", "CHAT", "CC", "TIMELINE"])
        XCTAssertNil(config.databaseURL)
        XCTAssertThrowsError(try config.require(config.databaseURL, "LECTERN_DB_URL")) { error in
            XCTAssertEqual("\(error)", "configuration: LECTERN_DB_URL is not set")
        }
    }

    func testValuesAreParsed() throws {
        let config = try load([
            "LECTERN_LISTEN": "127.0.0.1:9000", "LECTERN_WORKERS": "3", "LECTERN_CHUNK_SIZE": "16MiB",
            "LECTERN_ZOOM_AFTER_TRANSFER": "keep", "LECTERN_FILE_TYPES": "mp4, chat", "LECTERN_LOG_LEVEL": "DEBUG",
        ])
        XCTAssertEqual(config.listen, .tcp(host: "127.0.0.1", port: 9000))
        XCTAssertEqual(config.workers, 3)
        XCTAssertEqual(config.chunkSize, 16 << 20)
        XCTAssertEqual(config.zoomAfterTransfer, .keep)
        XCTAssertEqual(config.fileTypes, ["MP4", "CHAT"])
        XCTAssertEqual(config.logLevel, .debug)
    }

    func testInvalidValuesNameTheSetting() {
        let cases: [(String, String)] = [
            ("LECTERN_WORKERS", "zero"), ("LECTERN_WORKERS", "0"), ("LECTERN_LISTEN", "nowhere"),
            ("LECTERN_CHUNK_SIZE", "1000"), ("LECTERN_ZOOM_AFTER_TRANSFER", "shred"), ("LECTERN_REQUEST_TIMEOUT", "-1"),
        ]
        for (name, value) in cases {
            XCTAssertThrowsError(try load([name: value]), "\(name)=\(value)") { error in
                XCTAssertTrue("\(error)".contains(name), "\(error)")
            }
        }
    }

    func testSecretsFromFiles() throws {
        let config = try load(["LECTERN_MASTER_KEY_FILE": "/k"], files: ["/k": "  abc\n"])
        XCTAssertEqual(config.masterKey, "abc")
        XCTAssertThrowsError(try load(["LECTERN_DB_URL_FILE": "/missing"])) { error in
            XCTAssertTrue("\(error)".contains("/missing"))
        }
        let direct = try load(["LECTERN_MASTER_KEY": "direct", "LECTERN_MASTER_KEY_FILE": "/k"], files: ["/k": "file"])
        XCTAssertEqual(direct.masterKey, "direct")
    }

    func testEnvironmentFile() throws {
        let parsed = try EnvironmentFile.parse("""
            # comment
            LECTERN_WORKERS=3
              export LECTERN_DB_URL = "mariadb://u@localhost/db?socket=/s"

            LECTERN_LOG_LEVEL='debug'
            """)
        XCTAssertEqual(parsed, ["LECTERN_WORKERS": "3", "LECTERN_DB_URL": "mariadb://u@localhost/db?socket=/s",
                                "LECTERN_LOG_LEVEL": "debug"])
        XCTAssertThrowsError(try EnvironmentFile.parse("JUSTANAME"))
        XCTAssertThrowsError(try EnvironmentFile.parse("BAD NAME=1"))
    }

    func testListenAddress() {
        XCTAssertEqual(ListenAddress(parsing: "unix:/run/x.sock"), .unix(path: "/run/x.sock"))
        XCTAssertEqual(ListenAddress(parsing: "[::1]:9000"), .tcp(host: "::1", port: 9000))
        XCTAssertNil(ListenAddress(parsing: "unix:relative"))
        XCTAssertNil(ListenAddress(parsing: "host:0"))
        XCTAssertNil(ListenAddress(parsing: ":9000"))
        XCTAssertEqual(ListenAddress.tcp(host: "::1", port: 9000).description, "[::1]:9000")
    }

    func testByteSize() {
        XCTAssertEqual(ByteSize.parse("8M"), 8 << 20)
        XCTAssertEqual(ByteSize.parse("8MiB"), 8 << 20)
        XCTAssertEqual(ByteSize.parse("262144"), 262_144)
        XCTAssertEqual(ByteSize.parse("1 G"), 1 << 30)
        XCTAssertNil(ByteSize.parse("8X"))
        XCTAssertNil(ByteSize.parse("M"))
    }
}
