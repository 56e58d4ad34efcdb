/// An ``HTTPTransport`` that can also hand a large answer's body over as it arrives, so that
/// a download of any size needs memory for one buffer only.
public protocol HTTPStreamingTransport: HTTPTransport {
    /// Sends `request`; when the final answer (after redirects, if `followRedirects`) is 2xx,
    /// its body goes to `sink` piece by piece and the returned response's body is empty;
    /// otherwise the body (its first 64 KiB) is returned as usual. An error thrown by `sink`
    /// aborts the transfer and is rethrown.
    func stream(_ request: HTTPClientRequest, followRedirects: Bool,
                into sink: (UnsafeRawBufferPointer) throws -> Void) throws -> HTTPClientResponse
}
