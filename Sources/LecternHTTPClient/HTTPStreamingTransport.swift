/// An ``HTTPTransport`` that can also hand a large answer's body over as it arrives, so that
/// a download of any size needs memory for one buffer only.
public protocol HTTPStreamingTransport: HTTPTransport {
    /// Sends `request`. When the final answer (after redirects, if `followRedirects`) is 2xx,
    /// `head` first receives its status and headers (body empty) — throwing there refuses the
    /// answer before any of its body is taken — and then its body goes to `sink` piece by
    /// piece; the returned response's body is then empty. Any other answer's body (its first
    /// 64 KiB) is returned as usual. An error thrown by `head` or `sink` aborts the transfer and
    /// is rethrown.
    func stream(_ request: HTTPClientRequest, followRedirects: Bool,
                head: (HTTPClientResponse) throws -> Void,
                into sink: (UnsafeRawBufferPointer) throws -> Void) throws -> HTTPClientResponse
}
