import Foundation

/// A response ready to be written to nginx as CGI output.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public static let jsonContentType = "application/json; charset=utf-8"

    /// A JSON answer from already-encoded bytes.
    public static func json(_ status: Int, _ body: [UInt8]) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", jsonContentType)], body: body)
    }

    public static func noContent() -> HTTPResponse {
        HTTPResponse(status: 204)
    }

    /// The CGI form nginx expects: a `Status:` line, headers, a blank line, the body.
    public func serialized() -> [UInt8] {
        head() + body
    }

    /// The `Status:` line and headers up to the blank line, written before the body (apart,
    /// so a large body is not copied once more).
    public func head() -> [UInt8] {
        var head: [UInt8] = []
        head.reserveCapacity(128)
        head += "Status: ".utf8
        head += String(status).utf8
        head.append(UInt8(ascii: " "))
        head += Self.reason(status).utf8
        head += "\r\n".utf8
        for header in headers {
            head += header.name.utf8
            head += ": ".utf8
            head += header.value.utf8
            head += "\r\n".utf8
        }
        if status != 204 {
            head += "Content-Length: ".utf8
            head += String(body.count).utf8
            head += "\r\n".utf8
        }
        head += "\r\n".utf8
        return head
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 201: return "Created"
        case 202: return "Accepted"
        case 204: return "No Content"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 409: return "Conflict"
        case 413: return "Payload Too Large"
        case 415: return "Unsupported Media Type"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        default: return "Status"
        }
    }
}
