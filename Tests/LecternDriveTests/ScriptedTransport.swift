import Foundation
import LecternHTTPClient

/// Answers requests from a script and remembers them.
final class ScriptedTransport: HTTPTransport {
    var script: [Result<HTTPClientResponse, HTTPClientError>]
    var requests: [HTTPClientRequest] = []

    init(_ script: [Result<HTTPClientResponse, HTTPClientError>]) {
        self.script = script
    }

    func send(_ request: HTTPClientRequest) throws -> HTTPClientResponse {
        requests.append(request)
        guard !script.isEmpty else { return HTTPClientResponse(status: 599) }
        return try script.removeFirst().get()
    }

    static func answer(_ status: Int, _ text: String = "", headers: [(name: String, value: String)] = [])
        -> Result<HTTPClientResponse, HTTPClientError> {
        .success(HTTPClientResponse(status: status, headers: headers, body: Array(text.utf8)))
    }

    static func driveError(_ status: Int, reason: String, message: String = "no") -> Result<HTTPClientResponse, HTTPClientError> {
        answer(status, #"{"error":{"code":\#(status),"message":"\#(message)","errors":[{"domain":"usageLimits","reason":"\#(reason)","message":"\#(message)"}]}}"#)
    }
}

extension HTTPClientRequest {
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The query's items, percent-decoded.
    var queryItems: [String: String] {
        let items = URLComponents(string: url)?.queryItems ?? []
        return Dictionary(items.map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { first, _ in first })
    }

    var bodyJSON: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(body ?? []))) as? [String: Any]
    }
}
