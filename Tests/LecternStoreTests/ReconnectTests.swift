import Foundation
import LecternStore
import LecternTestSupport
import XCTest

final class ReconnectTests: XCTestCase {
    private func connectionID(_ connection: Connection) throws -> Int64 {
        try XCTUnwrap(try connection.query("SELECT CONNECTION_ID() AS id").first?.int("id"))
    }

    func testKilledIdleConnectionIsReplacedTransparently() throws {
        let connection = try TestDatabase.connect()
        let killer = try TestDatabase.connect()
        defer { connection.close(); killer.close() }
        let before = try connectionID(connection)
        try killer.execute("KILL ?", [.int(before)])
        let after = try connectionID(connection)
        XCTAssertNotEqual(before, after)
        XCTAssertNoThrow(try connection.ping())
    }

    func testConnectionLostAgainInTheRetriedTransactionFailsItAndRecovers() throws {
        let connection = try TestDatabase.connect()
        let killer = try TestDatabase.connect()
        defer { connection.close(); killer.close() }
        let id = try connectionID(connection)
        var runs = 0
        XCTAssertThrowsError(try connection.transaction { db in
            runs += 1
            try killer.execute("KILL ?", [.int(try connectionID(db))])
            _ = try db.query("SELECT 1")
        }) { error in
            guard case DatabaseError.unavailable = error else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(runs, 2, "a transaction cut by a lost connection runs once more, not again and again")
        XCTAssertFalse(connection.isConnected)
        XCTAssertNotEqual(try connectionID(connection), id)
    }

    func testCloseThenReuse() throws {
        let connection = try TestDatabase.connect()
        defer { connection.close() }
        try connection.ping()
        XCTAssertTrue(connection.isConnected)
        connection.close()
        XCTAssertFalse(connection.isConnected)
        try connection.ping()
        XCTAssertTrue(connection.isConnected)
    }

    /// A socket path that points nowhere makes calls fail fast with `.unavailable`; once the
    /// path leads to a server, the same connection works with no restart.
    func testUnavailableUntilTheServerAppears() throws {
        let real = try TestDatabase.url()
        guard let socket = real.socket else {
            throw XCTSkip("needs a socket URL to simulate the server appearing")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var url = real
        url.socket = directory.appendingPathComponent("mysql.sock").path
        let connection = Connection(url: url, logger: TestDatabase.logger, connectTimeout: 1)
        defer { connection.close() }

        let started = Date()
        for _ in 0..<3 {
            XCTAssertThrowsError(try connection.ping()) { error in
                guard case DatabaseError.unavailable = error else { return XCTFail("\(error)") }
            }
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 3)
        XCTAssertFalse(connection.isConnected)

        try FileManager.default.createSymbolicLink(atPath: url.socket!, withDestinationPath: socket)
        XCTAssertNoThrow(try connection.ping())
        XCTAssertTrue(connection.isConnected)
    }
}
