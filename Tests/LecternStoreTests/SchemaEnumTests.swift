import Foundation
import LecternCore
import LecternStore
import LecternTestSupport
import XCTest

/// Each ENUM column of the migrated schema holds exactly the cases of the Swift enum that
/// rows decode it into, in the same order: a case added on one side only would make rows
/// fail to decode (or be refused by the database).
final class SchemaEnumTests: XCTestCase {
    private static let expected: [(table: String, column: String, cases: [String])] = [
        ("users", "role", Role.allCases.map(\.rawValue)),
        ("jobs", "status", JobStatus.allCases.map(\.rawValue)),
        ("zoom_apps", "kind", ZoomAppRepository.Kind.allCases.map(\.rawValue)),
        ("recurring_lessons", "week_type", WeekType.allCases.map(\.rawValue)),
        ("lessons", "status", LessonStatus.allCases.map(\.rawValue)),
        ("recordings", "status", RecordingStatus.allCases.map(\.rawValue)),
        ("event_providers", "event_type", EventType.allCases.map(\.rawValue)),
        ("events", "status", EventStatus.allCases.map(\.rawValue)),
        ("drive_permissions", "status", DrivePermissionStatus.allCases.map(\.rawValue)),
        ("zoom_orphan_meetings", "kind", EventType.allCases.map(\.rawValue)),
    ]

    func testEveryEnumColumnMatchesItsSwiftEnum() throws {
        let url = try TestDatabase.migrated("enums")
        let db = Connection(url: url, logger: TestDatabase.logger)
        defer { db.close() }
        let rows = try db.query("""
            SELECT TABLE_NAME AS table_name, COLUMN_NAME AS column_name, COLUMN_TYPE AS column_type
            FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND DATA_TYPE = 'enum'
            """, [.text(url.database)])
        var schema: [String: [String]] = [:]
        for row in rows {
            let key = try row.requiredString("table_name") + "." + row.requiredString("column_name")
            schema[key] = try Self.cases(ofColumnType: row.requiredString("column_type"))
        }
        let known = Set(Self.expected.map { "\($0.table).\($0.column)" })
        XCTAssertEqual(Set(schema.keys).subtracting(known), [], "ENUM columns without a Swift enum in this test")
        for (table, column, cases) in Self.expected {
            XCTAssertEqual(schema["\(table).\(column)"], cases, "\(table).\(column)")
        }
    }

    /// `enum('a','b')` → ["a", "b"] (our values hold no quotes).
    private static func cases(ofColumnType type: String) throws -> [String] {
        guard type.hasPrefix("enum('"), type.hasSuffix("')") else { throw RowDecodingError(column: type, problem: "is no ENUM") }
        return type.dropFirst(6).dropLast(2).components(separatedBy: "','")
    }
}
