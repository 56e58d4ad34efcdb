import Foundation
import LecternCore
@testable import LecternStore
import XCTest
@testable import LecternAPI

/// The JSON writer against Foundation: what it writes decodes (with JSONDecoder) to what was
/// written, and is byte for byte what JSONEncoder wrote before it, on random strings full of
/// control characters, quotes, backslashes and non-BMP scalars, on integers and on dates.
final class JSONWriterTests: XCTestCase {
    private var generator = SystemRandomNumberGenerator()

    private struct Text: JSONWritable {
        var value: String
        func write(to json: inout JSONWriter) { json.object { $0.field("s", value) } }
    }

    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    /// Scalars from every range that needs care: C0 controls, DEL, `"`, `\`, `/`, ASCII,
    /// Latin-1, the BMP below and above the surrogates, and the astral planes.
    private func randomString() -> String {
        let ranges: [ClosedRange<UInt32>] = [0x00...0x1F, 0x20...0x7F, 0x22...0x22, 0x5C...0x5C, 0x2F...0x2F,
                                             0x80...0x7FF, 0x800...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF,
                                             0x2028...0x2029]
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...40, using: &generator) {
            let range = ranges.randomElement(using: &generator)!
            if let scalar = Unicode.Scalar(UInt32.random(in: range, using: &generator)) { scalars.append(scalar) }
        }
        return String(scalars)
    }

    func testRandomStringsDecodeToThemselvesAndMatchJSONEncoder() throws {
        let decoder = JSONDecoder()
        for _ in 0..<5_000 {
            let text = randomString()
            let written = Text(value: text).jsonBytes
            XCTAssertEqual(try decoder.decode([String: String].self, from: Data(written))["s"], text)
            XCTAssertEqual(written, Array(try encoder.encode(["s": text])), text.debugDescription)
        }
    }

    func testEveryControlCharacterAndTheTwoQuotedOnes() throws {
        let text = String(String.UnicodeScalarView((0x00...0x1F).compactMap(Unicode.Scalar.init))) + "\"\\/"
        let written = String(decoding: Text(value: text).jsonBytes, as: UTF8.self)
        XCTAssertEqual(written, #"{"s":"\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f"#
                       + #"\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f\"\\/"}"#)
        XCTAssertEqual(try JSONDecoder().decode([String: String].self, from: Data(written.utf8))["s"], text)
    }

    private struct Numbers: JSONWritable {
        var values: [Int64]
        func write(to json: inout JSONWriter) { json.object { $0.field("n", values) } }
    }

    func testIntegersMatchJSONEncoder() throws {
        var values: [Int64] = [0, 1, -1, 9, 10, -10, .max, .min, 1_000_000_007]
        values += (0..<500).map { _ in Int64.random(in: .min ... .max, using: &generator) >> Int64.random(in: 0...63, using: &generator) }
        XCTAssertEqual(Numbers(values: values).jsonBytes, Array(try encoder.encode(["n": values])))
    }

    private struct Moments: JSONWritable {
        var dates: [Date]
        var days: [CalendarDay]
        func write(to json: inout JSONWriter) {
            json.object { json in
                json.key("d")
                json.array { json in dates.forEach { json.value($0) } }
                json.key("days")
                json.array { json in days.forEach { json.value($0) } }
            }
        }
    }

    private struct EncodedMoments: Encodable {
        var d: [Date]
        var days: [CalendarDay]
    }

    func testDatesAndDaysMatchJSONEncoder() throws {
        var dates = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 1_736_935_200),
                     Date(timeIntervalSince1970: 1_736_935_200.999_9), Date(timeIntervalSince1970: 253_402_300_799)]
        dates += (0..<1_000).map { _ in
            Date(timeIntervalSince1970: TimeInterval(Int64.random(in: 0...253_402_300_799, using: &generator))
                 + [0, 0.25, 0.5, 0.999_999].randomElement(using: &generator)!)
        }
        let days = (0..<500).map { _ in CalendarDay(dayNumber: Int.random(in: 0...2_932_896, using: &generator)) }
        // JSONEncoder's key order is not stable (the writer's is): sorted, "d" comes first as written.
        encoder.outputFormatting.insert(.sortedKeys)
        XCTAssertEqual(String(decoding: Moments(dates: dates, days: days).jsonBytes, as: UTF8.self),
                       String(decoding: try encoder.encode(EncodedMoments(d: dates, days: days)), as: UTF8.self))
    }

    private struct Nested: JSONWritable {
        func write(to json: inout JSONWriter) {
            json.object { json in
                json.field("empty", [Int64]())
                json.field("nothing", nil as String?)
                json.key("objects")
                json.array { json in
                    json.object { _ in }
                    json.object { $0.field("a", true); $0.field("b", false) }
                }
                json.field("after", 1)
            }
        }
    }

    func testCommasBetweenMembersAndElementsOnly() {
        XCTAssertEqual(String(decoding: Nested().jsonBytes, as: UTF8.self),
                       #"{"empty":[],"nothing":null,"objects":[{},{"a":true,"b":false}],"after":1}"#)
    }

    func testCalendarEventKeysFollowTheOpenAPIOrder() throws {
        let entry = LessonRepository.CalendarEntry(id: 4, title: "Optics \"2\"", groupID: nil, start: Date(timeIntervalSince1970: 0),
                                                   end: Date(timeIntervalSince1970: 3_600), status: .cancelled,
                                                   recurringLessonID: 2, occurrenceDate: CalendarDay(dayNumber: 0))
        XCTAssertEqual(String(decoding: CalendarEventJSON(entry).jsonBytes, as: UTF8.self),
                       #"{"id":"lesson:4","kind":"lesson","title":"Optics \"2\"","start_time":"1970-01-01T00:00:00Z","#
                       + #""end_time":"1970-01-01T01:00:00Z","group_id":null,"status":"cancelled","lesson_id":4,"#
                       + #""recurring_lesson_id":2,"occurrence_date":"1970-01-01"}"#)
    }

    func testUserKeysFollowTheOpenAPIOrder() {
        let user = User(id: 3, email: "t@school.example", name: "T", role: .teacher, timezone: "Europe/Berlin",
                        subscriptionExpiresAt: Date(timeIntervalSince1970: 1_736_935_200))
        XCTAssertEqual(String(decoding: UserJSON(user).jsonBytes, as: UTF8.self),
                       #"{"id":3,"email":"t@school.example","name":"T","role":"teacher","timezone":"Europe/Berlin","#
                       + #""subscription_expires_at":"2025-01-15T10:00:00Z"}"#)
    }
}
