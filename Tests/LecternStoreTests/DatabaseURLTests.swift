import LecternStore
import LecternTestSupport
import XCTest

final class DatabaseURLTests: XCTestCase {
    func testTCPWithPercentEncodedCredentials() throws {
        let url = try DatabaseURL(parsing: "mariadb://lect%40ern:p%40ss%3Aw%2Frd@db.example.org:3307/lectern")
        XCTAssertEqual(url.user, "lect@ern")
        XCTAssertEqual(url.password, "p@ss:w/rd")
        XCTAssertEqual(url.host, "db.example.org")
        XCTAssertEqual(url.port, 3307)
        XCTAssertEqual(url.database, "lectern")
        XCTAssertNil(url.socket)
    }

    func testSocketAndDefaultPort() throws {
        let url = try DatabaseURL(parsing: "mariadb://root@localhost/lectern_test?socket=/run/mysqld/mysqld.sock")
        XCTAssertEqual(url.user, "root")
        XCTAssertNil(url.password)
        XCTAssertEqual(url.host, "localhost")
        XCTAssertEqual(url.port, 3306)
        XCTAssertEqual(url.database, "lectern_test")
        XCTAssertEqual(url.socket, "/run/mysqld/mysqld.sock")
    }

    func testDescriptionRedactsPassword() throws {
        let url = try DatabaseURL(parsing: "mariadb://app:s3cr3t@127.0.0.1/lectern")
        XCTAssertEqual(url.description, "mariadb://app:***@127.0.0.1:3306/lectern")
        XCTAssertFalse("\(url)".contains("s3cr3t"))
        XCTAssertFalse(String(reflecting: url).contains("s3cr3t"))
        let socket = try DatabaseURL(parsing: "mariadb://app@localhost/lectern?socket=/tmp/m.sock")
        XCTAssertEqual(socket.description, "mariadb://app@localhost/lectern?socket=/tmp/m.sock")
    }

    func testRejectsMalformedURLs() {
        for text in [
            "mysql://app:pw@host/db",
            "mariadb://host/db",
            "mariadb://app:pw@host",
            "mariadb://app:pw@host/",
            "mariadb://app:pw@host:70000/db",
            "mariadb://app:pw@host/db?sockett=/x",
            "not a url at all",
        ] {
            XCTAssertThrowsError(try DatabaseURL(parsing: text), text) { error in
                guard case DatabaseError.badURL = error else { return XCTFail("\(text): \(error)") }
            }
        }
    }
}

final class UnreachableServerTests: XCTestCase {
    /// Needs no database: nothing listens on port 1, so every call fails fast and lazily.
    func testRefusedTCPConnectionIsUnavailable() throws {
        let url = try DatabaseURL(parsing: "mariadb://app:secret@127.0.0.1:1/lectern")
        let connection = Connection(url: url, logger: TestDatabase.logger, connectTimeout: 1)
        XCTAssertFalse(connection.isConnected)
        for _ in 0..<2 {
            XCTAssertThrowsError(try connection.query("SELECT 1")) { error in
                guard case DatabaseError.unavailable(let message) = error else { return XCTFail("\(error)") }
                XCTAssertFalse(message.contains("secret"))
            }
        }
        XCTAssertThrowsError(try connection.transaction { _ in })
        XCTAssertFalse(connection.isConnected)
    }
}
