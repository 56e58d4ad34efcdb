import Foundation

/// Where and how to send mail: `LECTERN_SMTP_URL`.
///
/// Accepted forms (user and password percent-encoded, both optional but together):
/// - `smtps://user:pass@host[:465]`: TLS from the first byte (implicit TLS).
/// - `smtp://user:pass@host[:587]?starttls`: plain connection upgraded with STARTTLS, which is
///   required: a server that does not offer it is refused.
/// - `smtp://host[:25]`: no TLS at all, for a relay on the same host or network. A password is
///   accepted this way only towards a loopback host (`localhost`, `127.x.x.x`, `::1`): it would
///   otherwise cross the network in clear.
/// - An optional path (`smtp://host/client.example`) is the name given in `EHLO` (libcurl's rule;
///   the local host name otherwise).
///
/// Certificates are checked against the system's CAs, or against the PEM bundle named by
/// `cafile=/path` (e.g. `smtps://host?cafile=/etc/lectern/relay-ca.pem`, or
/// `?starttls&cafile=…`) for a relay with a private CA. Peer and host name are always verified.
/// ``description`` shows the password as `***`.
public struct SMTPServerURL: Sendable, Equatable, CustomStringConvertible {
    public enum Security: String, Sendable {
        /// No TLS.
        case none
        /// STARTTLS, required.
        case startTLS
        /// TLS from the start (`smtps://`).
        case implicitTLS
    }

    public var security: Security
    public var host: String
    public var port: Int
    public var user: String?
    public var password: String?
    /// The `EHLO` name, from the URL's path.
    public var heloName: String?
    /// A PEM bundle trusted instead of the system's CAs (`cafile=`).
    public var caFile: String?

    /// Why a URL is refused; never quotes the URL, which may hold a password.
    public struct Invalid: Error, Equatable, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    public init(parsing text: String) throws {
        guard let parts = URLComponents(string: text), let scheme = parts.scheme?.lowercased() else {
            throw Invalid(reason: "not a URL (use smtp://host:port?starttls or smtps://host:port; percent-encode the password)")
        }
        guard scheme == "smtp" || scheme == "smtps" else {
            throw Invalid(reason: "the scheme must be smtp:// or smtps://")
        }
        guard let host = parts.host, !host.isEmpty else { throw Invalid(reason: "missing host") }
        if let port = parts.port, !(1...65535).contains(port) { throw Invalid(reason: "port out of range") }
        var startTLS = false
        var caFile: String?
        for item in parts.queryItems ?? [] {
            switch item.name.lowercased() {
            case "starttls" where item.value == nil || item.value == "":
                startTLS = true
            case "cafile" where !(item.value ?? "").isEmpty:
                caFile = item.value
            default:
                throw Invalid(reason: "unsupported query parameter '\(item.name)' (known: starttls, cafile=/path)")
            }
        }
        if startTLS && scheme == "smtps" {
            throw Invalid(reason: "?starttls applies to smtp:// only (smtps:// is TLS from the start)")
        }
        if caFile != nil && scheme == "smtp" && !startTLS {
            throw Invalid(reason: "cafile applies to TLS: use smtps:// or ?starttls")
        }
        let user = parts.user.flatMap { $0.isEmpty ? nil : $0 }
        let password = parts.password.flatMap { $0.isEmpty ? nil : $0 }
        if (user == nil) != (password == nil) {
            throw Invalid(reason: "give both a user and a password, or neither")
        }
        let bareHost = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        self.security = scheme == "smtps" ? .implicitTLS : startTLS ? .startTLS : .none
        if password != nil && security == .none && !Self.isLoopback(bareHost) {
            throw Invalid(reason: "a password over smtp:// without ?starttls would cross the network in clear: add ?starttls or use smtps://")
        }
        let path = parts.path.drop(while: { $0 == "/" })
        if path.contains("/") { throw Invalid(reason: "the path may only name the EHLO host") }
        self.host = bareHost
        self.port = parts.port ?? (scheme == "smtps" ? 465 : 25)
        self.user = user
        self.password = password
        self.heloName = path.isEmpty ? nil : String(path)
        self.caFile = caFile
    }

    /// The URL for libcurl, without credentials (they go through their own options) or query.
    public var transportURL: String {
        let scheme = security == .implicitTLS ? "smtps" : "smtp"
        let hostPart = host.contains(":") ? "[\(host)]" : host
        let pathPart = heloName.map { "/" + ($0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? $0) } ?? ""
        return "\(scheme)://\(hostPart):\(port)\(pathPart)"
    }

    /// The URL with the password as `***`: safe to log.
    public var description: String {
        let scheme = security == .implicitTLS ? "smtps" : "smtp"
        let credentials = user.map { ($0.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? $0) + ":***@" } ?? ""
        let hostPart = host.contains(":") ? "[\(host)]" : host
        let pathPart = heloName.map { "/" + $0 } ?? ""
        let query = (security == .startTLS ? ["starttls"] : []) + (caFile.map { ["cafile=\($0)"] } ?? [])
        return "\(scheme)://\(credentials)\(hostPart):\(port)\(pathPart)\(query.isEmpty ? "" : "?" + query.joined(separator: "&"))"
    }

    static func isLoopback(_ host: String) -> Bool {
        let lowered = host.lowercased()
        if lowered == "localhost" || lowered == "::1" { return true }
        let octets = lowered.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }
}
