/// Everything Lectern reads from its environment (SPEC §2), parsed once at start-up.
///
/// Plain values with the documented defaults; settings that have no default stay `nil`
/// until a command that needs them asks with ``require(_:_:)``.
public struct Configuration: Sendable {
    public var listen: ListenAddress = .unix(path: "/run/lectern/fcgi.sock")
    public var workers: Int
    public var maxRequests: Int = 10_000
    public var requestTimeoutSeconds: Int = 30
    /// Requests slower than this are counted as slow on the status page.
    public var slowRequestSeconds: Int = 5
    public var databaseURL: String?
    public var masterKey: String?
    public var zoomAccountID: String?
    public var zoomClientID: String?
    public var zoomClientSecret: String?
    public var zoomWebhookSecretToken: String?
    public var zoomAPIBase = "https://api.zoom.us/v2"
    public var zoomOAuthBase = "https://zoom.us"
    public var googleServiceAccountFile: String?
    public var driveAPIBase = "https://www.googleapis.com"
    public var driveRootFolderID: String?
    public var spoolDirectory = "/var/lib/lectern/spool"
    public var transferConcurrency = 2
    public var chunkSize = 8_388_608
    public var zoomAfterTransfer: AfterTransferAction = .trash
    public var retentionDays = 90
    public var driveSharing: DriveSharingMode = .groups
    public var fileTypes: [String] = ["MP4", "M4A", "TRANSCRIPT", "CHAT", "CC", "TIMELINE"]
    /// `ZOOM_DOWNLOAD_HOSTS`.
    public var zoomDownloadHosts = DownloadHostPolicy.standard
    public var weekParityAnchor: String?
    public var smtpURL: String?
    public var smtpFrom: String?
    public var logLevel: LogLevelName = .info
    /// Lifetime of an API bearer token.
    public var tokenTTLSeconds = 604_800

    public init(workers: Int = 4) {
        self.workers = workers
    }

    /// The value of a setting a command cannot run without, or one clear error naming it.
    public func require<T>(_ value: T?, _ name: String) throws -> T {
        guard let value else { throw ConfigurationError.missing(name) }
        return value
    }
}

/// What happens to a Zoom cloud recording once its Drive copy is verified.
public enum AfterTransferAction: String, Sendable, Codable {
    case trash, delete, keep
}

/// Log levels accepted by `LECTERN_LOG_LEVEL`.
public enum LogLevelName: String, Sendable {
    case trace, debug, info, notice, warning, error, critical
}
