import Foundation
import LecternCore
import LecternStore
import LecternTestSupport
import XCTest

/// Columns fetched in their binary types read back as the values they hold, whatever getter
/// asks; the required getters fail loudly, naming the column.
final class RowDecodingTests: XCTestCase {
    private var connection: Connection!

    override func setUpWithError() throws {
        connection = try TestDatabase.connect()
    }

    override func tearDown() {
        connection?.close()
    }

    private func row(_ sql: String, _ parameters: [SQLValue] = []) throws -> Row {
        try XCTUnwrap(try connection.query(sql, parameters).first)
    }

    func testEachBinaryKindReadsAsItsValueAndAsTheServersText() throws {
        let row = try row("""
            SELECT CAST(18446744073709551615 AS UNSIGNED) AS big, CAST(-7 AS SIGNED) AS negative, CAST(1 AS SIGNED) AS one,
                   TIME '10:05:00' AS at, TIME '-01:30:15' AS earlier, DATE '2024-02-29' AS day,
                   TIMESTAMP '1969-12-31 23:59:59.250000' AS early, CAST('2030-03-03 08:00:00' AS DATETIME) AS whole,
                   CAST('2030-03-03 08:00:00.5' AS DATETIME(3)) AS milli, CAST(2.50 AS DECIMAL(5,2)) AS price,
                   CAST(0.25 AS DOUBLE) AS quarter, 'text' AS word
            """)
        XCTAssertEqual(row.string("big"), "18446744073709551615")
        XCTAssertNil(row.int("big"), "beyond Int64: no integer rather than a wrong one")
        XCTAssertEqual(row.int("negative"), -7)
        XCTAssertEqual(row.bool("one"), true)
        XCTAssertEqual(row.localTime("at"), LocalTime(hour: 10, minute: 5))
        XCTAssertEqual(row.string("at"), "10:05:00")
        XCTAssertEqual(row.string("earlier"), "-01:30:15")
        XCTAssertNil(row.localTime("earlier"))
        XCTAssertEqual(row.day("day"), CalendarDay(year: 2024, month: 2, day: 29))
        XCTAssertEqual(row.string("day"), "2024-02-29")
        XCTAssertEqual(row.date("day"), Date(timeIntervalSince1970: 1_709_164_800))
        XCTAssertEqual(try XCTUnwrap(row.date("early")).timeIntervalSince1970, -0.75, accuracy: 0.000_001)
        XCTAssertEqual(row.string("whole"), "2030-03-03 08:00:00")
        XCTAssertEqual(row.string("milli"), "2030-03-03 08:00:00.500")
        XCTAssertEqual(row.day("whole"), CalendarDay(year: 2030, month: 3, day: 3))
        XCTAssertEqual(row.string("price"), "2.50")
        XCTAssertEqual(row.double("price"), 2.5)
        XCTAssertEqual(row.double("quarter"), 0.25)
        XCTAssertEqual(row.int("word"), nil)
        XCTAssertEqual(row.bytes("negative"), Array("-7".utf8))
    }

    func testRequiredGettersThrowNamingTheColumn() throws {
        let row = try row("SELECT NULL AS nothing, 'scheduled' AS status, 'nonsense' AS bad, 'x' AS word")
        XCTAssertEqual(try row.required("status", as: LessonStatus.self), .scheduled)
        XCTAssertNil(try row.optional("nothing", as: LessonStatus.self))
        XCTAssertThrowsError(try row.requiredInt("nothing")) { error in
            XCTAssertEqual(error as? RowDecodingError, RowDecodingError(column: "nothing", problem: "is NULL"))
        }
        XCTAssertThrowsError(try row.required("bad", as: LessonStatus.self)) { error in
            XCTAssertEqual((error as? RowDecodingError)?.column, "bad")
        }
        XCTAssertThrowsError(try row.requiredInt("word")) { error in
            XCTAssertEqual(error as? RowDecodingError, RowDecodingError(column: "word", problem: "is not an integer"))
        }
        XCTAssertThrowsError(try row.requiredString("no_such_column")) { error in
            XCTAssertEqual((error as? RowDecodingError)?.problem, "the result has no such column")
        }
    }

    func testIDListsDecodeOrThrow() throws {
        XCTAssertEqual(try row("SELECT '3,5,8' AS ids").idList("ids"), [3, 5, 8])
        XCTAssertEqual(try row("SELECT NULL AS ids").idList("ids"), [])
        XCTAssertThrowsError(try row("SELECT '3,x' AS ids").idList("ids"))
    }

    func testManyRowsAndColumnsShareOneStorage() throws {
        let rows = try connection.query("SELECT seq AS n, CONCAT('row ', seq) AS label, seq * 2 AS twice FROM seq_1_to_500")
        XCTAssertEqual(rows.count, 500)
        XCTAssertEqual(rows.map { $0.int("n") }, (1...500).map { Int64($0) })
        XCTAssertEqual(rows[499].string("label"), "row 500")
        XCTAssertEqual(rows[41].int("twice"), 84)
        XCTAssertEqual(rows[0].columns, ["n", "label", "twice"])
    }
}
