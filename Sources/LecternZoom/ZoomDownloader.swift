import Foundation
import LecternCore
import LecternHTTPClient

/// Streams a cloud recording file from its `download_url` (SPEC §5, §6): `Authorization:
/// Bearer` with the app's token, resumed with `Range`. The URL must be one ``DownloadHostPolicy``
/// permits, else nothing is fetched; redirects are followed here, not by libcurl, so that each
/// hop is checked and no token goes past the first host. Zoom can answer a failed download
/// with `200` and an HTML page, so the content type and the byte count are checked before
/// the file counts as downloaded.
public struct ZoomDownloader {
    let transport: HTTPStreamingTransport
    let hosts: DownloadHostPolicy
    /// A download may take long; it fails only when no byte moves for a minute (the transport's rule).
    let totalTimeout: TimeInterval

    /// Redirects followed at most, before the download fails.
    static let maxRedirects = 5

    public init(transport: HTTPStreamingTransport, hosts: DownloadHostPolicy = .standard,
                totalTimeout: TimeInterval = 6 * 3600) {
        self.transport = transport
        self.hosts = hosts
        self.totalTimeout = totalTimeout
    }

    /// Where the bytes go: `restart` is called when the server ignored `Range` and sends the
    /// whole file again, so the receiver must drop what it had; `append` takes the next bytes.
    public struct Receiver {
        public var restart: () throws -> Void
        public var append: (UnsafeRawBufferPointer) throws -> Void

        public init(restart: @escaping () throws -> Void, append: @escaping (UnsafeRawBufferPointer) throws -> Void) {
            self.restart = restart
            self.append = append
        }
    }

    /// Downloads bytes `offset…` of a file of `expectedSize` bytes (0 = unknown); returns the
    /// file's total size once every byte arrived.
    @discardableResult
    public func download(url: String, token: String, resumeFrom offset: Int64, expectedSize: Int64,
                         into receiver: Receiver) throws -> Int64 {
        guard hosts.permitsDownload(from: url) else { throw ZoomDownloadError.forbiddenURL(Self.origin(of: url)) }
        let range = offset > 0 ? [(name: "Range", value: "bytes=\(offset)-")] : []
        var current = url
        var headers = [(name: "Authorization", value: "Bearer \(token)")] + range
        var start = offset
        var received: Int64 = 0
        var response: HTTPClientResponse
        var hops = 0
        while true {
            let request = HTTPClientRequest(method: "GET", url: current, headers: headers, connectTimeout: 10,
                                            totalTimeout: totalTimeout)
            do {
                response = try transport.stream(request, followRedirects: false, head: { head in
                    start = try Self.startOffset(of: head, requested: offset)
                    if start != offset { try receiver.restart() }
                }, into: { bytes in
                    received += Int64(bytes.count)
                    try receiver.append(bytes)
                })
            } catch let error as HTTPClientError {
                throw ZoomDownloadError.interrupted(error.description)
            }
            guard Self.redirectStatuses.contains(response.status), let location = response.header("Location") else { break }
            hops += 1
            guard hops <= Self.maxRedirects,
                  let next = URL(string: location, relativeTo: URL(string: current))?.absoluteString,
                  DownloadHostPolicy.permitsRedirect(to: next) else {
                throw ZoomDownloadError.forbiddenURL("a redirect to \(Self.origin(of: location))")
            }
            // The token stays with the first host: a signed storage URL needs none.
            current = next
            headers = range
        }
        guard response.isSuccess else { throw ZoomDownloadError.refused(status: response.status,
                                                                        message: ZoomClient.errorMessage(response)) }
        let total = start + received
        if expectedSize > 0, total != expectedSize {
            throw ZoomDownloadError.sizeMismatch(expected: expectedSize, received: total)
        }
        return total
    }

    /// Where the answer's body starts in the file: `offset` for a `206` that honoured the
    /// range, 0 for a `200` (the whole file). Refuses anything that is not the file.
    static func startOffset(of head: HTTPClientResponse, requested offset: Int64) throws -> Int64 {
        let contentType = head.header("Content-Type")?.lowercased() ?? ""
        if contentType.hasPrefix("text/html") {
            throw ZoomDownloadError.notTheFile(contentType: contentType)
        }
        guard head.status == 206 else { return 0 }
        guard let range = head.header("Content-Range"), let first = Self.firstByte(ofContentRange: range),
              first == offset else {
            throw ZoomDownloadError.refused(status: 206, message: "a range other than the one asked for")
        }
        return first
    }

    static let redirectStatuses: Set<Int> = [301, 302, 303, 307, 308]

    /// Scheme and host of a URL, for messages (never its query, which may be signed).
    static func origin(of url: String) -> String {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme, let host = parts.host else {
            return "a URL that is not absolute http(s)"
        }
        return "\(scheme)://\(host)"
    }

    /// `bytes 100-199/200` → 100.
    static func firstByte(ofContentRange value: String) -> Int64? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard trimmed.lowercased().hasPrefix("bytes ") else { return nil }
        let range = trimmed.dropFirst(6).split(separator: "/").first ?? ""
        return range.split(separator: "-").first.flatMap { Int64($0) }
    }
}

/// A download that did not deliver the whole file.
public enum ZoomDownloadError: Error, Equatable, CustomStringConvertible {
    /// The server answered with an error status (401: the token expired; 404: the file is gone).
    case refused(status: Int, message: String)
    /// A `200` whose body is a web page, not the file.
    case notTheFile(contentType: String)
    /// The transfer ended with fewer (or more) bytes than Zoom's `file_size`.
    case sizeMismatch(expected: Int64, received: Int64)
    /// The connection broke or stalled; what arrived is kept for a resumed attempt.
    case interrupted(String)
    /// The URL (or a redirect) is not one recordings may come from: nothing was fetched from it.
    case forbiddenURL(String)

    /// Worth another try soon: a broken connection, a short or wrong answer, Zoom busy.
    public var isTransient: Bool {
        switch self {
        case .refused(let status, _): return status == 429 || status >= 500
        case .notTheFile, .sizeMismatch, .interrupted: return true
        case .forbiddenURL: return false
        }
    }

    public var description: String {
        switch self {
        case .refused(let status, let message): return "the download was refused (HTTP \(status)): \(message)"
        case .notTheFile(let type): return "the download answered \(type) instead of the file"
        case .sizeMismatch(let expected, let received):
            return "the download ended after \(received) of \(expected) bytes"
        case .interrupted(let why): return "the download was interrupted: \(why)"
        case .forbiddenURL(let origin):
            return "refused to download from \(origin): not https on a host in ZOOM_DOWNLOAD_HOSTS"
        }
    }
}
