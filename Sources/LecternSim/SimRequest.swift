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
        self.query = parts.count > 1 ? Self.formFields(parts[1]) : [:]
        self.headers = headers
        self.body = body
    }

    /// The fields of an `application/x-www-form-urlencoded` body (Google's token request).
    public var form: [String: String] {
        Self.formFields(Substring(decoding: body, as: UTF8.self))
    }

    /// `a=1&b=x+y` → `["a": "1", "b": "x y"]`, percent-decoded; the last of repeated keys wins.
    static func formFields(_ text: Substring) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(kv[0]).removingPercentEncoding ?? String(kv[0])
            let value = kv.count > 1 ? (String(kv[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "") : ""
            fields[key] = value
        }
        return fields
    }

    /// Path segments, each still percent-encoded.
    public var rawSegments: [String] {
        rawPath.split(separator: "/").map(String.init)
    }

    /// Decodes the JSON body (snake_case keys, like Zoom's).
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try SimJSON.decoder.decode(type, from: Data(body))
    }

    /// Decodes the JSON body with its keys as they are (camelCase, like Google's).
    func decodeGoogle<T: Decodable>(_ type: T.Type) throws -> T {
        try SimJSON.googleDecoder.decode(type, from: Data(body))
    }

    /// The token of an `Authorization: Bearer …` header.
    var bearerToken: String? {
        guard let header = headers["authorization"], header.lowercased().hasPrefix("bearer ") else { return nil }
        return String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
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

/// The emulator's JSON conventions: snake_case, ISO 8601 dates, like Zoom's; Google's as they are.
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

    /// Google's JSON keeps camelCase keys; the key strategy would also rewrite `appProperties` keys.
    static let googleEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return encoder
    }()

    static let googleDecoder = JSONDecoder()
}
