/// An error answer of SPEC §4: `{"detail": "human sentence", "code": "machine_code"}`.
public struct APIError: HTTPResponseError, Sendable, Equatable {
    public var status: Int
    public var code: String
    public var detail: String
    public var headers: [Header] = []

    public struct Header: Sendable, Equatable {
        public var name: String
        public var value: String
    }

    public init(_ status: Int, _ code: String, _ detail: String, headers: [Header] = []) {
        self.status = status
        self.code = code
        self.detail = detail
        self.headers = headers
    }

    public var apiError: APIError { self }

    public static func badRequest(_ detail: String, code: String = "invalid") -> APIError {
        APIError(400, code, detail)
    }

    public static let notAuthenticated = APIError(
        401, "not_authenticated", "Authentication credentials were not provided.",
        headers: [Header(name: "WWW-Authenticate", value: "Bearer")])
    public static let invalidToken = APIError(
        401, "invalid_token", "The token is invalid or has expired.",
        headers: [Header(name: "WWW-Authenticate", value: "Bearer")])
    public static let forbidden = APIError(403, "permission_denied", "You do not have permission to perform this action.")
    public static let notFound = APIError(404, "not_found", "Not found.")
    public static let payloadTooLarge = APIError(413, "payload_too_large", "The request body is too large.")
    public static let unsupportedMediaType = APIError(
        415, "unsupported_media_type", "The request body must be JSON (Content-Type: application/json).")
    public static let databaseUnavailable = APIError(
        503, "database_unavailable", "The database is unavailable; try again shortly.",
        headers: [Header(name: "Retry-After", value: "5")])
    public static let internalError = APIError(500, "internal_error", "Something went wrong on our side; it has been logged.")

    public static func methodNotAllowed(_ method: String, allowed: [String]) -> APIError {
        APIError(405, "method_not_allowed", "Method \"\(method)\" is not allowed here.",
                 headers: [Header(name: "Allow", value: allowed.joined(separator: ", "))])
    }

    public static func tooManyRequests(_ code: String, _ detail: String, retryAfter: Int64) -> APIError {
        APIError(429, code, detail, headers: [Header(name: "Retry-After", value: String(retryAfter))])
    }
}
