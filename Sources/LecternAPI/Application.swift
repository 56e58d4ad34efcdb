import CLecternSys
import Foundation
import LecternCore
import LecternFastCGI
import LecternStore
import Logging

/// A worker's request pipeline: FastCGI request → ``HTTPRequest`` → router → handler →
/// JSON answer, one log line per request.
///
/// Bad input always ends as a 4xx; a lost database as a 503; anything unexpected as a
/// logged 500 without internals in the answer.
public final class Application: RequestHandler {
    public typealias Handler = (RequestContext) throws -> HTTPResponse

    /// Bodies larger than this are refused (nginx refuses them first).
    public static let maxBodyBytes = 1 << 20

    let router: Router<Handler>
    let db: Connection
    let configuration: Configuration
    let services: Services
    let logger: Logger

    public init(db: Connection, configuration: Configuration, services: Services, logger: Logger) {
        self.db = db
        self.configuration = configuration
        self.services = services
        self.logger = logger
        self.router = Routes.all()
    }

    public func handle(_ fcgi: FastCGIRequest) {
        let started = lectern_monotonic_us()
        let method = fcgi.param("REQUEST_METHOD") ?? "GET"
        let target = fcgi.param("REQUEST_URI") ?? "/"
        let response: HTTPResponse
        if let body = fcgi.readBody(limit: Self.maxBodyBytes) {
            response = respond(to: Self.request(from: fcgi, method: method, body: body))
        } else {
            response = APIError.payloadTooLarge.response
        }
        fcgi.write(response.head())
        if !response.body.isEmpty { fcgi.write(response.body) }
        let elapsedUs = lectern_monotonic_us() - started
        logger.info("\(method) \(LogRedaction.target(target)) \(response.status) \(elapsedUs / 1_000).\(elapsedUs % 1_000 / 100)ms")
    }

    static func request(from fcgi: FastCGIRequest, method: String, body: [UInt8]) -> HTTPRequest {
        var headers = fcgi.httpHeaders()
        if let type = fcgi.param("CONTENT_TYPE"), !type.isEmpty { headers["content-type"] = type }
        let path = fcgi.param("DOCUMENT_URI") ?? fcgi.param("REQUEST_URI").map { String($0.prefix { $0 != "?" }) } ?? "/"
        return HTTPRequest(method: method, path: path, query: HTTPRequest.parseQuery(fcgi.param("QUERY_STRING") ?? ""),
                           headers: headers, body: body, remoteAddress: fcgi.param("REMOTE_ADDR") ?? "")
    }

    /// Routes and runs one request; public so tests can drive the pipeline without sockets.
    public func respond(to request: HTTPRequest) -> HTTPResponse {
        do {
            switch router.match(method: request.method, path: request.path) {
            case .notFound:
                return APIError.notFound.response
            case .methodNotAllowed(let allowed):
                return APIError.methodNotAllowed(request.method, allowed: allowed).response
            case .found(let handler, let parameters):
                if ["POST", "PUT", "PATCH"].contains(request.method), !request.body.isEmpty,
                   !(request.contentType ?? "").lowercased().hasPrefix("application/json") {
                    throw APIError.unsupportedMediaType
                }
                let context = RequestContext(request: request, parameters: parameters, db: db,
                                             configuration: configuration, services: services, now: Date())
                var response = try handler(context)
                if request.method == "HEAD" { response.body = [] }
                return response
            }
        } catch {
            let answer = (error as? HTTPResponseError)?.apiError ?? APIError.internalError
            if answer.status == 500 {
                logger.error("unhandled error", metadata: ["error": "\(error)", "path": "\(request.path)"])
            }
            return answer.response
        }
    }
}
