/// Sends one request and returns the complete answer; the seam clients are tested through.
public protocol HTTPTransport {
    /// Throws ``HTTPClientError`` when no answer arrived; any HTTP status is an answer.
    func send(_ request: HTTPClientRequest) throws -> HTTPClientResponse
}
