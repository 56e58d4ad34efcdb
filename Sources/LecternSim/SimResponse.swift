import Foundation

/// An answer, with an optional extra delay before it is sent.
public struct SimResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    /// The body when it is small enough to hold; ignored when ``stream`` is set.
    public var body: [UInt8]
    /// A body generated while it is sent (downloads of any size), instead of ``body``.
    public var stream: SimBodyStream?
    /// Milliseconds to wait before answering (configured latency, faults).
    public var delayMilliseconds: Int = 0
    /// Close the connection without answering (a dropped connection).
    public var drop = false
    /// Send the head and this many body bytes, then close the connection (a transfer cut short).
    public var dropAfterBytes: Int64?

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body's length, whichever way it is carried.
    public var contentLength: Int64 {
        stream?.count ?? Int64(body.count)
    }

    /// The value of the first header named `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    public static func json<T: Encodable>(_ status: Int, _ value: T) -> SimResponse {
        encoded(status, value, with: SimJSON.encoder)
    }

    /// Zoom's error shape, `{"code","message"}`.
    public static func zoomError(_ status: Int, code: Int, _ message: String) -> SimResponse {
        json(status, ["code": AnyCodable.int(code), "message": .string(message)])
    }

    public static func noContent() -> SimResponse {
        SimResponse(status: 204)
    }

    /// JSON with its keys as given (Google's camelCase).
    static func googleJSON<T: Encodable>(_ status: Int, _ value: T) -> SimResponse {
        encoded(status, value, with: SimJSON.googleEncoder)
    }

    /// Google's API error shape, `{"error":{"code","message","errors":[{"domain","reason","message"}]}}`.
    static func googleError(_ status: Int, reason: String, _ message: String) -> SimResponse {
        googleJSON(status, GoogleError(error: .init(code: status, message: message,
                                                    errors: [.init(domain: "global", reason: reason, message: message)])))
    }

    /// Google's OAuth error shape, `{"error","error_description"}`.
    static func oauthError(_ status: Int, _ error: String, _ description: String) -> SimResponse {
        googleJSON(status, ["error": error, "error_description": description])
    }

    /// A small HTML page, as a CDN or a login wall answers instead of the file.
    static func html(_ status: Int, title: String) -> SimResponse {
        let page = "<!DOCTYPE html>\n<html><head><title>\(title)</title></head>"
            + "<body><h1>\(title)</h1><p>Please try again later.</p></body></html>\n"
        return SimResponse(status: status, headers: [("Content-Type", "text/html; charset=utf-8")], body: Array(page.utf8))
    }

    private static func encoded<T: Encodable>(_ status: Int, _ value: T, with encoder: JSONEncoder) -> SimResponse {
        SimResponse(status: status, headers: [("Content-Type", "application/json; charset=utf-8")],
                    body: Array((try? encoder.encode(value)) ?? Data("{}".utf8)))
    }

    private struct GoogleError: Encodable {
        var error: Detail

        struct Detail: Encodable {
            var code: Int
            var message: String
            var errors: [Item]
        }

        struct Item: Encodable {
            var domain: String
            var reason: String
            var message: String
        }
    }
}
