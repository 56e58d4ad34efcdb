import CFastCGI

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
        while let entry = cursor.pointee {
            let pair = String(cString: entry)
            if pair.hasPrefix(prefix), let equals = pair.firstIndex(of: "=") {
                result.append((String(pair[..<equals]), String(pair[pair.index(after: equals)...])))
            }
            cursor += 1
        }
        return result
    }

    /// Reads up to `limit` bytes of the body; `nil` when the body is longer than `limit`.
    public func readBody(limit: Int) -> [UInt8]? {
        var body: [UInt8] = []
        if let length = param("CONTENT_LENGTH").flatMap(Int.init) {
            guard length <= limit else { return nil }
            body.reserveCapacity(length)
        }
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = buffer.withUnsafeMutableBytes { bytes in
                FCGX_GetStr(bytes.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(bytes.count), raw.pointee.in)
            }
            if count <= 0 { break }
            guard body.count + Int(count) <= limit else { return nil }
            body.append(contentsOf: buffer[0..<Int(count)])
        }
        return body
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
