import CFastCGI
import Glibc

/// One FastCGI request: its CGI parameters, its body stream and its output stream.
///
/// Valid until the responder accepts the next request.
public struct FastCGIRequest {
    let raw: UnsafeMutablePointer<FCGX_Request>

    /// A CGI parameter such as `REQUEST_METHOD` or `HTTP_AUTHORIZATION`.
    public func param(_ name: String) -> String? {
        guard let value = FCGX_GetParam(name, raw.pointee.envp) else { return nil }
        return String(cString: value)
    }

    /// The HTTP request headers nginx passed as `HTTP_*` parameters, named as HTTP spells
    /// them in lowercase (`HTTP_X_ZM_SIGNATURE` → `x-zm-signature`), converted while copied
    /// out of libfcgi's buffer.
    public func httpHeaders() -> [String: String] {
        var headers: [String: String] = [:]
        guard var cursor = raw.pointee.envp else { return headers }
        headers.reserveCapacity(16)
        while let entry = cursor.pointee {
            cursor += 1
            guard strncmp(entry, "HTTP_", 5) == 0, let equals = strchr(entry, 0x3D) else { continue }
            let cgiName = UnsafeBufferPointer(start: UnsafeRawPointer(entry).assumingMemoryBound(to: UInt8.self),
                                              count: equals - entry)
            headers[Self.headerName(cgiName: cgiName)] = String(cString: equals + 1)
        }
        return headers
    }

    /// `HTTP_X_ZM_SIGNATURE` → `x-zm-signature`: the prefix dropped, `_` as `-`, lowercase.
    public static func headerName<Name: Collection>(cgiName: Name) -> String where Name.Element == UInt8 {
        let bytes = cgiName.dropFirst(5)
        return String(unsafeUninitializedCapacity: bytes.count) { target in
            for (index, byte) in bytes.enumerated() {
                switch byte {
                case UInt8(ascii: "_"): target[index] = UInt8(ascii: "-")
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): target[index] = byte + 32
                default: target[index] = byte
                }
            }
            return bytes.count
        }
    }

    /// Reads up to `limit` bytes of the body; `nil` when the body is longer than `limit`.
    ///
    /// nginx always sends `CONTENT_LENGTH` for a body (it buffers the request first), so
    /// the body is read into one buffer of exactly that size.
    public func readBody(limit: Int) -> [UInt8]? {
        guard let length = param("CONTENT_LENGTH").flatMap(Int.init), length > 0 else { return [] }
        guard length <= limit else { return nil }
        var body = [UInt8](repeating: 0, count: length)
        var received = 0
        while received < length {
            let count = body.withUnsafeMutableBytes { bytes in
                FCGX_GetStr(bytes.baseAddress!.advanced(by: received).assumingMemoryBound(to: CChar.self),
                            Int32(length - received), raw.pointee.in)
            }
            if count <= 0 { break }
            received += Int(count)
        }
        return received == length ? body : Array(body[0..<received])
    }

    /// Writes the whole response (CGI `Status:` line, headers, blank line, body) at once.
    @discardableResult
    public func write(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return true }
            return FCGX_PutStr(base.assumingMemoryBound(to: CChar.self), Int32(buffer.count), raw.pointee.out) == Int32(buffer.count)
        }
    }
}
