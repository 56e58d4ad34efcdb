import Foundation

/// Where recording files may be downloaded from (SPEC §2 `ZOOM_DOWNLOAD_HOSTS`, §5, §6): a
/// download starts only at an `https` URL whose host is listed (exact names, or `*.domain` for
/// any name below the domain), or at plain `http` on a listed loopback host (the emulator).
/// Redirects may lead to other hosts, Zoom's storage signing its own URLs, but only over
/// `https` or to loopback `http`.
public struct DownloadHostPolicy: Sendable, Equatable {
    public static let defaultSetting = "zoom.us,*.zoom.us,zoomgov.com,*.zoomgov.com"
    public static let standard = DownloadHostPolicy(patterns: ["zoom.us", "*.zoom.us", "zoomgov.com", "*.zoomgov.com"])

    /// Lower-cased names and `*.domain` patterns.
    public let patterns: [String]

    public init(patterns: [String]) {
        self.patterns = patterns.map { $0.lowercased() }
    }

    /// Parses the setting: comma-separated names or `*.domain` patterns; `nil` when empty or
    /// when an entry is not a host name (a scheme, a path, a port, a wildcard elsewhere).
    public init?(setting: String) {
        let entries = setting.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !entries.isEmpty, entries.allSatisfy(Self.isPattern) else { return nil }
        self.init(patterns: entries)
    }

    /// Whether a download may start at `url` (and carry a token there).
    public func permitsDownload(from url: String) -> Bool {
        guard let target = Target(url) else { return false }
        guard target.scheme == "https" || (target.scheme == "http" && target.isLoopback) else { return false }
        return patterns.contains { Self.matches($0, host: target.host) }
    }

    /// Whether a redirect may lead to `url` (no token goes with it).
    public static func permitsRedirect(to url: String) -> Bool {
        guard let target = Target(url) else { return false }
        return target.scheme == "https" || (target.scheme == "http" && target.isLoopback)
    }

    static func matches(_ pattern: String, host: String) -> Bool {
        if pattern.hasPrefix("*.") { return host.hasSuffix(pattern.dropFirst(1)) && host.count > pattern.count - 1 }
        return host == pattern
    }

    static func isPattern(_ entry: String) -> Bool {
        let name = entry.hasPrefix("*.") ? String(entry.dropFirst(2)) : entry
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: ".-:"))
        return !name.isEmpty && name.unicodeScalars.allSatisfy(allowed.contains) && !name.hasPrefix(".")
            && (entry.hasPrefix("*.") ? !name.contains(":") : true)
    }

    /// The parts of a URL the policy looks at; `nil` for anything that is not an absolute
    /// http(s) URL with a host and without credentials.
    struct Target {
        var scheme: String
        var host: String

        init?(_ url: String) {
            guard let parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased(),
                  var host = parts.host?.lowercased(), !host.isEmpty, parts.user == nil, parts.password == nil else {
                return nil
            }
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            self.scheme = scheme
            self.host = host.hasSuffix(".") ? String(host.dropLast()) : host
        }

        /// `localhost`, 127.0.0.0/8 or `::1`.
        var isLoopback: Bool {
            if host == "localhost" || host == "::1" { return true }
            let octets = host.split(separator: ".", omittingEmptySubsequences: false)
            return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
        }
    }
}
