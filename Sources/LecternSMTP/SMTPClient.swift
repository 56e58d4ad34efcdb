import CCurl
import Foundation
import LecternCore

/// SMTP over one libcurl easy handle (SPEC §2, §8): `smtp://`, `smtp://…?starttls` (STARTTLS
/// required) or `smtps://`, with the URL's user and password, bounded by timeouts. The handle
/// keeps the connection open between messages of a batch. One client per thread.
///
/// The password goes to libcurl through `CURLOPT_PASSWORD`, never inside the URL, and is
/// scrubbed from any error text, so errors are safe to store and log.
public final class SMTPClient: MailTransport {
    public let server: SMTPServerURL
    /// Seconds allowed to connect (and finish the TLS handshake).
    public let connectTimeout: TimeInterval
    /// Seconds allowed for one whole message, connection included.
    public let totalTimeout: TimeInterval

    private let handle: UnsafeMutableRawPointer

    private static let globalInit: Void = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
    }()

    public init(server: SMTPServerURL, connectTimeout: TimeInterval = 15, totalTimeout: TimeInterval = 60) {
        _ = Self.globalInit
        guard let handle = curl_easy_init() else { preconditionFailure("curl_easy_init failed") }
        self.handle = handle
        self.server = server
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
    }

    deinit {
        curl_easy_cleanup(handle)
    }

    public func send(from sender: MailAddress, to recipients: [MailAddress], message: [UInt8]) throws {
        curl_easy_reset(handle)
        var recipientList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(recipientList) }
        for recipient in recipients {
            // MailAddress admits no spaces, brackets or line breaks, so this cannot add a command.
            guard let appended = curl_slist_append(recipientList, "<\(recipient)>") else {
                throw SMTPError(curlCode: Int(CURLE_OUT_OF_MEMORY.rawValue), replyCode: nil, message: "cannot list the recipients")
            }
            recipientList = appended
        }
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        defer { errorBuffer.deallocate() }
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)

        lectern_curl_set_string(handle, CURLOPT_URL, server.transportURL)
        lectern_curl_set_string(handle, CURLOPT_PROTOCOLS_STR, "smtp,smtps")
        lectern_curl_set_long(handle, CURLOPT_NOSIGNAL, 1)
        lectern_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(connectTimeout * 1000))
        lectern_curl_set_long(handle, CURLOPT_TIMEOUT_MS, Int(totalTimeout * 1000))
        lectern_curl_set_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
        if let caFile = server.caFile { lectern_curl_set_string(handle, CURLOPT_CAINFO, caFile) }
        if server.security == .startTLS {
            // CURLUSESSL_ALL: STARTTLS or fail; never fall back to a clear connection.
            lectern_curl_set_long(handle, CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))
        }
        if let user = server.user, let password = server.password {
            lectern_curl_set_string(handle, CURLOPT_USERNAME, user)
            lectern_curl_set_string(handle, CURLOPT_PASSWORD, password)
        }
        lectern_curl_set_string(handle, CURLOPT_MAIL_FROM, "<\(sender)>")
        lectern_curl_set_slist(handle, CURLOPT_MAIL_RCPT, recipientList)
        lectern_curl_set_long(handle, CURLOPT_UPLOAD, 1)
        lectern_curl_set_offset(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(message.count))

        let source = UploadSource(message)
        lectern_curl_set_pointer(handle, CURLOPT_READDATA, Unmanaged.passUnretained(source).toOpaque())
        lectern_curl_set_read_callback(handle) { buffer, size, count, context in
            guard let buffer, let context else { return 0 }
            let source = Unmanaged<UploadSource>.fromOpaque(context).takeUnretainedValue()
            return source.read(into: buffer, capacity: size * count)
        }

        let code = withExtendedLifetime(source) { curl_easy_perform(handle) }
        guard code == CURLE_OK else {
            var reply = 0
            lectern_curl_get_long(handle, CURLINFO_RESPONSE_CODE, &reply)
            let detail = String(cString: errorBuffer)
            let text = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
            throw SMTPError(curlCode: Int(code.rawValue), replyCode: reply > 0 ? reply : nil, message: scrubbed(text))
        }
    }

    /// `text` with the password, plain or percent-encoded, replaced by `***`.
    func scrubbed(_ text: String) -> String {
        guard let password = server.password, !password.isEmpty else { return text }
        var result = text.replacingOccurrences(of: password, with: "***")
        if let encoded = password.addingPercentEncoding(withAllowedCharacters: .urlPasswordAllowed), encoded != password {
            result = result.replacingOccurrences(of: encoded, with: "***")
        }
        return result
    }
}

/// The message bytes libcurl reads in pieces through the read callback.
private final class UploadSource {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    func read(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
        let count = min(capacity, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { raw in
            UnsafeMutableRawPointer(buffer).copyMemory(from: raw.baseAddress! + offset, byteCount: count)
        }
        offset += count
        return count
    }
}
