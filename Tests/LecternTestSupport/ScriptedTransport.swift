import Foundation
import LecternHTTPClient

/// Answers requests from a script and remembers them.
public final class ScriptedTransport: HTTPTransport {
    public var script: [Result<HTTPClientResponse, HTTPClientError>]
    public var requests: [HTTPClientRequest] = []

    public init(_ script: [Result<HTTPClientResponse, HTTPClientError>]) {
        self.script = script
    }

    public func send(_ request: HTTPClientRequest) throws -> HTTPClientResponse {
        requests.append(request)
        guard !script.isEmpty else { return HTTPClientResponse(status: 599) }
        return try script.removeFirst().get()
    }

    public static func answer(_ status: Int, _ text: String = "", headers: [(name: String, value: String)] = [])
        -> Result<HTTPClientResponse, HTTPClientError> {
        .success(HTTPClientResponse(status: status, headers: headers, body: Array(text.utf8)))
    }

    public static func driveError(_ status: Int, reason: String, message: String = "no") -> Result<HTTPClientResponse, HTTPClientError> {
        answer(status, #"{"error":{"code":\#(status),"message":"\#(message)","errors":[{"domain":"usageLimits","reason":"\#(reason)","message":"\#(message)"}]}}"#)
    }
}

extension HTTPClientRequest {
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The query's items, percent-decoded.
    public var queryItems: [String: String] {
        let items = URLComponents(string: url)?.queryItems ?? []
        return Dictionary(items.map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { first, _ in first })
    }

    public var bodyJSON: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(body ?? []))) as? [String: Any]
    }
}
