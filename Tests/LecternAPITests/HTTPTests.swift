import LecternFastCGI
import XCTest
@testable import LecternAPI
import LecternCore

final class HTTPTests: XCTestCase {
    func testQueryParsing() {
        XCTAssertEqual(HTTPRequest.parseQuery("from=2025-01-13&to=2025-01-19&q=a+b%26c&flag&=x"),
                       ["from": "2025-01-13", "to": "2025-01-19", "q": "a b&c", "flag": ""])
    }

    func testResponseSerialisation() {
        let response = HTTPResponse.json(201, Array("{}".utf8))
        XCTAssertEqual(String(decoding: response.serialized(), as: UTF8.self),
                       "Status: 201 Created\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 2\r\n\r\n{}")
        XCTAssertEqual(String(decoding: HTTPResponse.noContent().serialized(), as: UTF8.self), "Status: 204 No Content\r\n\r\n")
    }

    func testErrorBodyShapeAndHeaders() throws {
        let response = APIError.tooManyRequests("pool_exhausted", "No free host.", retryAfter: 30).response
        XCTAssertEqual(response.status, 429)
        XCTAssertTrue(response.headers.contains { $0.name == "Retry-After" && $0.value == "30" })
        let body = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: String]
        XCTAssertEqual(body, ["detail": "No free host.", "code": "pool_exhausted"])
    }

    struct Payload: Decodable {
        var email: String
        var studentIds: [Int]?
    }

    private func decodeError(_ body: String) -> APIError? {
        let request = HTTPRequest(method: "POST", path: "/", body: Array(body.utf8))
        do {
            _ = try JSONBody.decode(Payload.self, from: request)
            return nil
        } catch {
            return error as? APIError
        }
    }

    func testDecodingErrorsNameTheField() {
        XCTAssertEqual(decodeError("{")?.code, "invalid_json")
        XCTAssertEqual(decodeError("")?.code, "invalid_json")
        let missing = decodeError("{}")
        XCTAssertEqual(missing?.code, "missing_field")
        XCTAssertEqual(missing?.detail.hasPrefix("email:"), true)
        let mistyped = decodeError(#"{"email": 3}"#)
        XCTAssertEqual(mistyped?.status, 400)
        XCTAssertEqual(mistyped?.detail, "email: expected a string.")
        let nested = decodeError(#"{"email": "a@b", "student_ids": [1, "x"]}"#)
        XCTAssertEqual(nested?.detail.hasPrefix("student_ids[1]:"), true, nested?.detail ?? "")
        XCTAssertNil(decodeError(#"{"email": "a@b", "student_ids": [1]}"#))
    }

    func testHeaderNamesFromCGIParameters() {
        XCTAssertEqual(FastCGIRequest.headerName(cgiName: "HTTP_X_ZM_SIGNATURE".utf8), "x-zm-signature")
        XCTAssertEqual(FastCGIRequest.headerName(cgiName: "HTTP_AUTHORIZATION".utf8), "authorization")
        XCTAssertEqual(FastCGIRequest.headerName(cgiName: "HTTP_X_ZM_REQUEST_TIMESTAMP2".utf8), "x-zm-request-timestamp2")
    }

    func testLogRedaction() {
        XCTAssertEqual(LogRedaction.target("/api/x/?token=abc&from=1&Password=p"),
                       "/api/x/?token=***&from=1&Password=***")
        XCTAssertEqual(LogRedaction.target("/api/me/"), "/api/me/")
    }
}
