import CCurl

extension HTTPClient: HTTPStreamingTransport {
    /// Redirects followed at most, before the transfer fails.
    static let maxRedirects = 5
    /// A stream slower than ``lowSpeedLimit`` bytes/s for ``lowSpeedTime`` seconds is given up:
    /// downloads carry a long total timeout, so a stalled peer must be caught another way.
    static let lowSpeedLimit = 1
    static let lowSpeedTime = 60
    /// Bytes libcurl hands the sink at a time (16 KiB by default): a large download costs
    /// fewer callbacks, writes and hash updates.
    static let streamBufferSize = 256 * 1024

    public func stream(_ request: HTTPClientRequest, followRedirects: Bool,
                       head: (HTTPClientResponse) throws -> Void,
                       into sink: (UnsafeRawBufferPointer) throws -> Void) throws -> HTTPClientResponse {
        try withoutActuallyEscaping(head) { head in
            try withoutActuallyEscaping(sink) { sink in
                let exchange = HTTPExchange(onHead: head, sink: sink)
                let response = try perform(request, exchange: exchange) { handle in
                    if followRedirects {
                        lectern_curl_set_long(handle, CURLOPT_FOLLOWLOCATION, 1)
                        lectern_curl_set_long(handle, CURLOPT_MAXREDIRS, Self.maxRedirects)
                        // A redirect must not lead to file://, ftp:// or other schemes libcurl knows.
                        lectern_curl_set_string(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
                    }
                    lectern_curl_set_long(handle, CURLOPT_LOW_SPEED_LIMIT, Self.lowSpeedLimit)
                    lectern_curl_set_long(handle, CURLOPT_LOW_SPEED_TIME, Self.lowSpeedTime)
                    lectern_curl_set_long(handle, CURLOPT_BUFFERSIZE, Self.streamBufferSize)
                }
                // A 2xx answer without a body still shows its head.
                if response.isSuccess { try exchange.deliverHead() }
                return response
            }
        }
    }
}
