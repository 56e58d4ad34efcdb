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

    /// Every parameter whose name starts with `prefix`, e.g. the `HTTP_` request headers.
    public func params(prefixed prefix: String) -> [(name: String, value: String)] {
        var result: [(String, String)] = []
        guard var cursor = raw.pointee.envp else { return result }
        let prefixLength = prefix.utf8.count
        while let entry = cursor.pointee {
            // Compare in C first: building a String for every parameter costs more than the request.
            if strncmp(entry, prefix, prefixLength) == 0, let equals = strchr(entry, 0x3D) {
                let bytes = UnsafeRawPointer(entry).assumingMemoryBound(to: UInt8.self)
                let name = String(decoding: UnsafeBufferPointer(start: bytes, count: equals - entry), as: UTF8.self)
                result.append((name, String(cString: equals + 1)))
            }
            cursor += 1
        }
        return result
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
