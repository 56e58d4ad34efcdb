import Foundation

/// JSON in and out with the API's conventions: snake_case keys, ISO 8601 UTC timestamps.
public enum JSONBody {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        // Sorted: swift-foundation's encoder otherwise orders keys differently from run to run.
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        // Not `.iso8601`: its error carries no coding path, so the 400 could not name the field.
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            guard let date = try? timestamp.parse(try container.decode(String.self)) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "expected an ISO 8601 timestamp such as 2025-01-15T10:00:00Z.")
            }
            return date
        }
        return decoder
    }()

    /// ISO 8601 with a `Z` or an offset, with or without fractional seconds.
    private static let timestamp = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// Encodes an answer; our own types always encode.
    public static func encode<T: Encodable>(_ value: T) -> [UInt8] {
        do {
            return Array(try encoder.encode(value))
        } catch {
            preconditionFailure("unencodable response: \(error)")
        }
    }

    public static func response<T: Encodable>(_ status: Int, _ value: T) -> HTTPResponse {
        .json(status, encode(value))
    }

    /// An answer written by ``JSONWriter``.
    static func response<T: JSONWritable>(_ status: Int, _ value: T) -> HTTPResponse {
        .json(status, value.jsonBytes)
    }

    /// Decodes a request body, turning every decoding problem into a 400 that names the field.
    public static func decode<T: Decodable>(_ type: T.Type, from request: HTTPRequest) throws -> T {
        guard !request.body.isEmpty else {
            throw APIError.badRequest("The request body must be a JSON object.", code: "invalid_json")
        }
        do {
            return try decoder.decode(type, from: Data(request.body))
        } catch let error as DecodingError {
            throw APIError.badRequest(describe(error), code: code(error))
        } catch let error as HTTPResponseError {
            throw error
        } catch {
            throw APIError.badRequest("The request body is not valid JSON.", code: "invalid_json")
        }
    }

    private static func field(_ path: [CodingKey]) -> String {
        let names = path.map { key -> String in
            if let index = key.intValue { return "[\(index)]" }
            return snakeCase(key.stringValue)
        }
        return names.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
    }

    /// Keys arrive camelCased from the decoder; the client sent snake_case.
    private static func snakeCase(_ name: String) -> String {
        var result = ""
        for character in name {
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "\(field(context.codingPath + [key])): this field is required."
        case .valueNotFound(_, let context):
            return "\(field(context.codingPath)): this field may not be null."
        case .typeMismatch(_, let context) where context.codingPath.isEmpty:
            return "The request body must be a JSON object."
        case .typeMismatch(let type, let context):
            return "\(field(context.codingPath)): expected \(typeName(type))."
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "The request body is not valid JSON." }
            return "\(field(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "The request body is invalid."
        }
    }

    private static func code(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound: return "missing_field"
        case .dataCorrupted(let context) where context.codingPath.isEmpty: return "invalid_json"
        default: return "invalid_field"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Int64.Type: return "an integer"
        case is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        default: return type is [Any].Type ? "a list" : "an object"
        }
    }
}

/// The error body of SPEC §4.
struct ErrorBody: JSONWritable {
    var detail: String
    var code: String

    func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("detail", detail)
            json.field("code", code)
        }
    }
}

/// Encoded bodies of the errors a worker answers most (404, 401, 503 …), so that the
/// common rejections skip the encoder; bounded, since details can name fields.
private var encodedErrorBodies: [String: [UInt8]] = [:]

extension APIError {
    var encodedBody: [UInt8] {
        let key = code + "\u{0}" + detail
        if let cached = encodedErrorBodies[key] { return cached }
        let body = ErrorBody(detail: detail, code: code).jsonBytes
        if encodedErrorBodies.count < 64 { encodedErrorBodies[key] = body }
        return body
    }

    /// The error as an HTTP answer.
    public var response: HTTPResponse {
        var response = HTTPResponse.json(status, encodedBody)
        for header in headers { response.headers.append((header.name, header.value)) }
        return response
    }
}
