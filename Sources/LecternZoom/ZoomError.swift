/// A Zoom call that did not succeed, with what Zoom said when it said anything.
public enum ZoomError: Error, CustomStringConvertible, Equatable {
    /// Zoom answered with an error status and (usually) `{"code","message"}`.
    case api(status: Int, code: Int?, message: String)
    /// Still rate-limited (429) when the retry budget ran out.
    case rateLimited(message: String)
    /// No answer: DNS, connect, TLS, timeout.
    case unreachable(String)
    /// The OAuth endpoint refused the app's credentials.
    case authentication(String)
    /// An answer that is not what the API documents.
    case badResponse(String)

    /// A sentence for the API's 502 detail; never contains credentials or tokens.
    public var message: String {
        switch self {
        case .api(let status, let code, let message):
            return "Zoom refused the request (HTTP \(status)\(code.map { ", code \($0)" } ?? "")): \(message)"
        case .rateLimited(let message):
            return "Zoom is rate-limiting requests: \(message)"
        case .unreachable(let why):
            return "Zoom could not be reached: \(why)"
        case .authentication(let why):
            return "Zoom refused the app's credentials: \(why)"
        case .badResponse(let why):
            return "Zoom sent an unexpected answer: \(why)"
        }
    }

    public var description: String { message }

    /// Zoom's status for `.api`, so callers can tell "no such meeting" from an outage.
    public var status: Int? {
        if case .api(let status, _, _) = self { return status }
        return nil
    }
}
