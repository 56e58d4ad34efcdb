import Foundation
import LecternStore
import LecternTestSupport
import XCTest

final class ValueRoundTripTests: XCTestCase {
    private var connection: Connection!

    override func setUpWithError() throws {
        connection = try TestDatabase.connect()
        try connection.execute("DROP TABLE IF EXISTS value_roundtrip")
        try connection.execute("""
            CREATE TABLE value_roundtrip (
                id BIGINT AUTO_INCREMENT PRIMARY KEY,
                i BIGINT NULL, d DOUBLE NULL, t LONGTEXT NULL, b LONGBLOB NULL,
                dt DATETIME(6) NULL, flag BOOLEAN NULL, short VARCHAR(3) NULL
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
            """)
    }

    override func tearDown() {
        connection?.close()
    }

    private func insertAndFetch(_ values: [SQLValue]) throws -> Row {
        let result = try connection.execute(
            "INSERT INTO value_roundtrip (i, d, t, b, dt, flag) VALUES (?, ?, ?, ?, ?, ?)", values)
        let rows = try connection.query("SELECT i, d, t, b, dt, flag FROM value_roundtrip WHERE id = ?",
                                        [.int(result.lastInsertID)])
        XCTAssertEqual(rows.count, 1)
        return try XCTUnwrap(rows.first)
    }

    func testEveryValueKindRoundTrips() throws {
        let text = "Привіт, світ — ünïcödé 👩‍🏫 日本語"
        let bytes: [UInt8] = [0x00, 0xFF, 0x00, 0x80, 0x0A, 0xC3, 0x28] + (0...255).map(UInt8.init)
        let date = Date(timeIntervalSince1970: 1_709_210_096.123456)
        let row = try insertAndFetch([.int(Int64.min + 1), .double(0.1), .text(text), .bytes(bytes), .date(date), .bool(true)])
        XCTAssertEqual(row.int("i"), Int64.min + 1)
        XCTAssertEqual(row.double("d"), 0.1)
        XCTAssertEqual(row.string("t"), text)
        XCTAssertEqual(row.bytes("b"), bytes)
        XCTAssertEqual(try XCTUnwrap(row.date("dt")).timeIntervalSince1970, date.timeIntervalSince1970, accuracy: 0.000_001)
        XCTAssertEqual(row.bool("flag"), true)
        XCTAssertEqual(row.string("dt"), "2024-02-29 12:34:56.123456")
        XCTAssertEqual(row.columns, ["i", "d", "t", "b", "dt", "flag"])
        // The same values by position.
        XCTAssertEqual(row.int(0), Int64.min + 1)
        XCTAssertEqual(row.string(2), text)
        XCTAssertEqual(row.bytes(3), bytes)
        XCTAssertNil(row.string(6))
    }

    func testNullsAndAbsentColumns() throws {
        let row = try insertAndFetch([nil, .null, .optional(nil as String?), .optional(nil as [UInt8]?),
                                      .optional(nil as Date?), .optional(nil as Int?)])
        for column in row.columns {
            XCTAssertTrue(row.isNull(column), column)
        }
        XCTAssertNil(row.int("i"))
        XCTAssertNil(row.string("t"))
        XCTAssertNil(row.bytes("b"))
        XCTAssertNil(row.date("dt"))
        XCTAssertNil(row.bool("flag"))
        XCTAssertTrue(row.isNull("no_such_column"))
        XCTAssertTrue(row.isNull(42))
    }

    func testEmptyStringIsNotNull() throws {
        let row = try insertAndFetch([0, 0.0, "", .bytes([]), .date(Date(timeIntervalSince1970: 0)), false])
        XCTAssertEqual(row.string("t"), "")
        XCTAssertEqual(row.bytes("b"), [])
        XCTAssertFalse(row.isNull("t"))
        XCTAssertEqual(row.int("i"), 0)
        XCTAssertEqual(row.bool("flag"), false)
        XCTAssertEqual(row.date("dt"), Date(timeIntervalSince1970: 0))
    }

    func testLargeValuesAreFetchedWhole() throws {
        let text = String(repeating: "abcdefghij✓", count: 10_000)
        let bytes = (0..<150_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let row = try insertAndFetch([1, 1.5, .text(text), .bytes(bytes), nil, nil])
        XCTAssertEqual(row.string("t"), text)
        XCTAssertEqual(row.bytes("b"), bytes)
        // Several long rows in one result, mixed with short ones.
        _ = try insertAndFetch([2, 2.5, "short", .bytes([1, 2, 3]), nil, nil])
        let rows = try connection.query("SELECT i, t, b FROM value_roundtrip ORDER BY id")
        XCTAssertEqual(rows.map { $0.string("t") }, [text, "short"])
        XCTAssertEqual(rows.map { $0.bytes("b") }, [bytes, [1, 2, 3]])
    }

    func testDoublesKeepTheirPrecision() throws {
        for value in [Double.pi, -2.5, 1e300, .leastNormalMagnitude, .greatestFiniteMagnitude, .leastNonzeroMagnitude, 123_456_789.123_456_79, 1.0 / 3.0] {
            let row = try insertAndFetch([nil, .double(value), nil, nil, nil, nil])
            XCTAssertEqual(row.double("d"), value)
        }
    }

    func testDatesAcrossTheEpochAndDateOnlyColumns() throws {
        let before = Date(timeIntervalSince1970: -0.5)
        XCTAssertEqual(try insertAndFetch([nil, nil, nil, nil, .date(before), nil]).string("dt"),
                       "1969-12-31 23:59:59.500000")
        let rows = try connection.query("SELECT CAST(? AS DATE) AS day, CAST(? AS DATETIME) AS whole",
                                        ["2024-09-02", "2024-09-02 08:30:00"])
        let row = try XCTUnwrap(rows.first)
        XCTAssertEqual(row.date("day"), Date(timeIntervalSince1970: 1_725_235_200))
        XCTAssertEqual(row.date("whole"), Date(timeIntervalSince1970: 1_725_265_800))
    }

    func testSessionSettings() throws {
        let row = try XCTUnwrap(try connection.query(
            "SELECT @@session.time_zone AS tz, @@session.sql_mode AS mode, @@session.innodb_lock_wait_timeout AS wait, @@character_set_connection AS cs").first)
        XCTAssertEqual(row.string("tz"), "+00:00")
        XCTAssertTrue(row.string("mode")?.contains("STRICT_ALL_TABLES") == true)
        XCTAssertEqual(row.intValue("wait"), 5)
        XCTAssertEqual(row.string("cs"), "utf8mb4")
        // NOW() follows the session zone, so it is UTC.
        let now = try XCTUnwrap(try connection.query("SELECT NOW(6) AS now").first?.date("now"))
        XCTAssertEqual(now.timeIntervalSinceNow, 0, accuracy: 5)
    }

    func testStrictModeRejectsTruncation() throws {
        XCTAssertThrowsError(try connection.execute("INSERT INTO value_roundtrip (short) VALUES (?)", ["toolong"])) { error in
            guard case DatabaseError.server(let code, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(code, 1406)
        }
        // The cached statement is usable again after the error.
        XCTAssertEqual(try connection.execute("INSERT INTO value_roundtrip (short) VALUES (?)", ["ok"]).affectedRows, 1)
    }

    func testWrongParameterCount() throws {
        XCTAssertThrowsError(try connection.query("SELECT ? AS a, ? AS b", [1])) { error in
            guard case DatabaseError.server(let code, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(code, 2034)
        }
    }

    func testSyntaxErrorIsAServerError() throws {
        XCTAssertThrowsError(try connection.query("SELEKT 1")) { error in
            guard case DatabaseError.server(let code, let message) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(code, 1064)
            XCTAssertTrue(message.contains("SELEKT"))
        }
        XCTAssertNoThrow(try connection.ping())
    }
}
