import CCurl
import Foundation

/// An ``HTTPTransport`` over one libcurl easy handle, which keeps connections alive between
/// requests. Use one client per thread: a handle must not be shared concurrently.
public final class HTTPClient: HTTPTransport {
    private let handle: UnsafeMutableRawPointer
    /// Sent as `User-Agent` on every request.
    public let userAgent: String
    /// A PEM bundle trusted instead of the system's CAs (a local peer's self-signed certificate).
    public let caFile: String?

    private static let globalInit: Void = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
    }()

    public init(userAgent: String = "Lectern", caFile: String? = nil) {
        _ = Self.globalInit
        guard let handle = curl_easy_init() else { preconditionFailure("curl_easy_init failed") }
        self.handle = handle
        self.userAgent = userAgent
        self.caFile = caFile
    }

    deinit {
        curl_easy_cleanup(handle)
    }

    public func send(_ request: HTTPClientRequest) throws -> HTTPClientResponse {
        try perform(request, exchange: HTTPExchange())
    }

    /// Runs one transfer: resets the handle, sets the options every request shares, lets
    /// `configureMore` add its own, and returns the answer `exchange` collected.
    /// - Throws: what the exchange's sink threw, else ``HTTPClientError`` when no answer arrived.
    func perform(_ request: HTTPClientRequest, exchange: HTTPExchange,
                 configureMore: (UnsafeMutableRawPointer) -> Void = { _ in }) throws -> HTTPClientResponse {
        // libcurl reads the body in place for the whole transfer, so an upload chunk is never copied.
        try (request.body ?? []).withUnsafeBytes { body in
            try perform(request, body: request.body == nil ? nil : body, exchange: exchange, configureMore: configureMore)
        }
    }

    private func perform(_ request: HTTPClientRequest, body: UnsafeRawBufferPointer?, exchange: HTTPExchange,
                         configureMore: (UnsafeMutableRawPointer) -> Void) throws -> HTTPClientResponse {
        curl_easy_reset(handle)
        let headerList = try configure(request, body: body, exchange: exchange)
        defer { curl_slist_free_all(headerList) }
        configureMore(handle)

        let context = Unmanaged.passUnretained(exchange).toOpaque()
        lectern_curl_set_pointer(handle, CURLOPT_WRITEDATA, context)
        lectern_curl_set_write_callback(handle) { data, size, count, context in
            let length = size * count
            guard let data, let context else { return length }
            let exchange = Unmanaged<HTTPExchange>.fromOpaque(context).takeUnretainedValue()
            // Returning anything but `length` makes libcurl abort with CURLE_WRITE_ERROR.
            return exchange.receive(body: UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
        }
        lectern_curl_set_pointer(handle, CURLOPT_HEADERDATA, context)
        lectern_curl_set_header_callback(handle) { data, size, count, context in
            let length = size * count
            guard let data, let context else { return length }
            let exchange = Unmanaged<HTTPExchange>.fromOpaque(context).takeUnretainedValue()
            let line = data.withMemoryRebound(to: UInt8.self, capacity: length) {
                String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
            }
            exchange.receive(headerLine: line)
            return length
        }

        let code = withExtendedLifetime(exchange) { curl_easy_perform(handle) }
        if let sinkError = exchange.sinkError { throw sinkError }
        guard code == CURLE_OK else {
            let message = String(cString: curl_easy_strerror(code))
            if code == CURLE_OPERATION_TIMEDOUT { throw HTTPClientError.timedOut("\(request.method) \(Self.redacted(request.url)): \(message)") }
            throw HTTPClientError.transport(code: Int(code.rawValue), message: message)
        }
        var status = 0
        lectern_curl_get_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return HTTPClientResponse(status: status, headers: exchange.head.headers, body: exchange.body)
    }

    /// Sets every option for `request`; returns the header list, which must outlive the transfer.
    private func configure(_ request: HTTPClientRequest, body: UnsafeRawBufferPointer?,
                           exchange: HTTPExchange) throws -> UnsafeMutablePointer<curl_slist>? {
        guard lectern_curl_set_string(handle, CURLOPT_URL, request.url) == CURLE_OK else {
            throw HTTPClientError.invalidRequest("bad URL")
        }
        lectern_curl_set_long(handle, CURLOPT_NOSIGNAL, 1)
        lectern_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(request.connectTimeout * 1000))
        lectern_curl_set_long(handle, CURLOPT_TIMEOUT_MS, Int(request.totalTimeout * 1000))
        lectern_curl_set_long(handle, CURLOPT_PROTOCOLS, Int(CURLPROTO_HTTP | CURLPROTO_HTTPS))
        lectern_curl_set_string(handle, CURLOPT_USERAGENT, userAgent)
        lectern_curl_set_string(handle, CURLOPT_ACCEPT_ENCODING, "")
        if let caFile { lectern_curl_set_string(handle, CURLOPT_CAINFO, caFile) }

        let method = request.method.uppercased()
        switch method {
        case "GET": lectern_curl_set_long(handle, CURLOPT_HTTPGET, 1)
        case "HEAD": lectern_curl_set_long(handle, CURLOPT_NOBODY, 1)
        case "POST": lectern_curl_set_long(handle, CURLOPT_POST, 1)
        default: lectern_curl_set_string(handle, CURLOPT_CUSTOMREQUEST, method)
        }
        if let body, let start = body.baseAddress, body.count > 0, !request.bodyMayBeResent {
            // Read through a callback without a seek callback: libcurl cannot rewind the body,
            // so a transfer that broke fails instead of being repeated behind the caller's back.
            lectern_curl_set_long(handle, CURLOPT_UPLOAD, 1)
            // Bigger reads than the 64 KiB default: an 8 MiB chunk in fewer copies and sends.
            lectern_curl_set_long(handle, CURLOPT_UPLOAD_BUFFERSIZE, Self.uploadBufferSize)
            lectern_curl_set_offset(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(body.count))
            lectern_curl_set_pointer(handle, CURLOPT_READDATA, Unmanaged.passUnretained(exchange).toOpaque())
            exchange.upload = body
            lectern_curl_set_read_callback(handle) { buffer, size, count, context in
                guard let buffer, let context else { return 0 }
                let exchange = Unmanaged<HTTPExchange>.fromOpaque(context).takeUnretainedValue()
                return exchange.readUpload(into: UnsafeMutableRawBufferPointer(start: UnsafeMutableRawPointer(buffer), count: size * count))
            }
        } else if let body, let start = body.baseAddress, body.count > 0 {
            lectern_curl_set_offset(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
            lectern_curl_set_pointer(handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: start))
        } else if method == "POST" || method == "PUT" || method == "PATCH" {
            lectern_curl_set_offset(handle, CURLOPT_POSTFIELDSIZE_LARGE, 0)
            lectern_curl_set_string(handle, CURLOPT_POSTFIELDS, "")
        }

        var list: UnsafeMutablePointer<curl_slist>?
        // curl adds "Expect: 100-continue" to large bodies, which costs a round trip.
        for line in request.headers.map({ "\($0.name): \($0.value)" }) + ["Expect:"] {
            guard let appended = curl_slist_append(list, line) else {
                curl_slist_free_all(list)
                throw HTTPClientError.invalidRequest("cannot allocate headers")
            }
            list = appended
        }
        lectern_curl_set_slist(handle, CURLOPT_HTTPHEADER, list)
        return list
    }

    /// Bytes libcurl reads from a callback-fed body at a time (its maximum is 2 MiB).
    static let uploadBufferSize = 1 << 20

    /// The URL without its query string, which may carry secrets.
    static func redacted(_ url: String) -> String {
        String(url.prefix { $0 != "?" })
    }
}
