import Foundation

/// One HTTP request as the emulator sees it.
public struct SimRequest: Sendable {
    public var method: String
    /// The path exactly as sent (still percent-encoded), without the query.
    public var rawPath: String
    public var query: [String: String]
    /// Header names in lower case.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(method: String, uri: String, headers: [String: String], body: [UInt8]) {
        self.method = method.uppercased()
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        self.rawPath = parts.first.map(String.init) ?? "/"
        var query: [String: String] = [:]
        if parts.count > 1 {
            for pair in parts[1].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = String(kv[0]).removingPercentEncoding ?? String(kv[0])
                let value = kv.count > 1 ? (String(kv[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "") : ""
                query[key] = value
            }
        }
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// Path segments, each still percent-encoded.
    public var rawSegments: [String] {
        rawPath.split(separator: "/").map(String.init)
    }

    /// Decodes the JSON body.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try SimJSON.decoder.decode(type, from: Data(body))
    }
}

/// An answer, with an optional extra delay before it is sent.
public struct SimResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]
    /// Milliseconds to wait before answering (configured latency, faults).
    public var delayMilliseconds: Int = 0
    /// Close the connection without answering (a dropped connection).
    public var drop = false

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public static func json<T: Encodable>(_ status: Int, _ value: T) -> SimResponse {
        SimResponse(status: status, headers: [("Content-Type", "application/json; charset=utf-8")],
                    body: Array((try? SimJSON.encoder.encode(value)) ?? Data("{}".utf8)))
    }

    /// Zoom's error shape, `{"code","message"}`.
    public static func zoomError(_ status: Int, code: Int, _ message: String) -> SimResponse {
        json(status, ["code": AnyCodable.int(code), "message": .string(message)])
    }

    public static func noContent() -> SimResponse {
        SimResponse(status: 204)
    }
}

/// A JSON scalar for small hand-assembled answers.
public enum AnyCodable: Codable, Sendable, Equatable {
    case int(Int)
    case string(String)
    case bool(Bool)

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .int(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Int.self) { self = .int(value) }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else { self = .string(try container.decode(String.self)) }
    }
}

/// The emulator's JSON conventions: snake_case, ISO 8601 dates, like Zoom's.
enum SimJSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
