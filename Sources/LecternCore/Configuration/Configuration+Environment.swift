extension Configuration {
    /// Builds the configuration from environment variables.
    ///
    /// - Parameters:
    ///   - environment: the merged variables (the real environment wins over the file).
    ///   - cores: processor count, for the default worker count.
    ///   - readFile: reads `NAME_FILE` secrets; injected so that parsing stays free of I/O.
    public init(environment: [String: String], cores: Int,
                readFile: @escaping (String) throws -> String) throws {
        self.init(workers: max(2, 2 * cores))
        let env = Settings(values: environment, readFile: readFile)

        if let text = env["LECTERN_LISTEN"] {
            guard let address = ListenAddress(parsing: text) else {
                throw ConfigurationError.invalid("LECTERN_LISTEN", "use unix:/path or host:port")
            }
            listen = address
        }
        workers = try env.int("LECTERN_WORKERS", default: workers, range: 1...512)
        maxRequests = try env.int("LECTERN_MAX_REQUESTS", default: maxRequests, range: 0...Int.max)
        requestTimeoutSeconds = try env.int("LECTERN_REQUEST_TIMEOUT", default: requestTimeoutSeconds, range: 1...86_400)
        slowRequestSeconds = try env.int("LECTERN_SLOW_REQUEST", default: slowRequestSeconds, range: 1...86_400)
        databaseURL = try env.secret("LECTERN_DB_URL")
        masterKey = try env.secret("LECTERN_MASTER_KEY")
        zoomAccountID = env["ZOOM_ACCOUNT_ID"]
        zoomClientID = env["ZOOM_CLIENT_ID"]
        zoomClientSecret = try env.secret("ZOOM_CLIENT_SECRET")
        zoomWebhookSecretToken = try env.secret("ZOOM_WEBHOOK_SECRET_TOKEN")
        zoomAPIBase = env["ZOOM_API_BASE"] ?? zoomAPIBase
        zoomOAuthBase = env["ZOOM_OAUTH_BASE"] ?? zoomOAuthBase
        googleServiceAccountFile = env["GOOGLE_SERVICE_ACCOUNT_FILE"]
        driveAPIBase = env["DRIVE_API_BASE"] ?? driveAPIBase
        driveRootFolderID = env["DRIVE_ROOT_FOLDER_ID"]
        spoolDirectory = env["LECTERN_SPOOL_DIR"] ?? spoolDirectory
        transferConcurrency = try env.int("LECTERN_TRANSFER_CONCURRENCY", default: transferConcurrency, range: 1...64)
        if let text = env["LECTERN_CHUNK_SIZE"] {
            guard let size = ByteSize.parse(text), size > 0, size % 262_144 == 0 else {
                throw ConfigurationError.invalid("LECTERN_CHUNK_SIZE", "must be a positive multiple of 262144 bytes")
            }
            chunkSize = size
        }
        zoomAfterTransfer = try env.choice("LECTERN_ZOOM_AFTER_TRANSFER", default: zoomAfterTransfer)
        retentionDays = try env.int("LECTERN_RETENTION_DAYS", default: retentionDays, range: 0...36_500)
        driveSharing = try env.choice("LECTERN_DRIVE_SHARING", default: driveSharing)
        if let text = env["LECTERN_FILE_TYPES"] {
            fileTypes = text.split(separator: ",").map { $0.trimmingWhitespace().uppercased() }.filter { !$0.isEmpty }
        }
        if let text = env["ZOOM_DOWNLOAD_HOSTS"] {
            guard let policy = DownloadHostPolicy(setting: text) else {
                throw ConfigurationError.invalid("ZOOM_DOWNLOAD_HOSTS", "use comma-separated host names or *.domain patterns")
            }
            zoomDownloadHosts = policy
        }
        weekParityAnchor = env["LECTERN_WEEK_PARITY_ANCHOR"]
        if let weekParityAnchor { _ = try WeekParity.validate(setting: weekParityAnchor) }
        smtpURL = try env.secret("LECTERN_SMTP_URL")
        smtpFrom = env["LECTERN_SMTP_FROM"]?.trimmingWhitespace()
        _ = try mailSettings()
        logLevel = try env.choice("LECTERN_LOG_LEVEL", default: logLevel)
        tokenTTLSeconds = try env.int("LECTERN_TOKEN_TTL", default: tokenTTLSeconds, range: 60...31_622_400)
    }
}

/// Typed look-ups over the raw variables, each failure naming its variable.
private struct Settings {
    let values: [String: String]
    let readFile: (String) throws -> String

    subscript(name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    func int(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = self[name] else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw ConfigurationError.invalid(name, "expected an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    func choice<T: RawRepresentable>(_ name: String, default fallback: T) throws -> T where T.RawValue == String {
        guard let text = self[name] else { return fallback }
        guard let value = T(rawValue: text.lowercased()) else {
            throw ConfigurationError.invalid(name, "unknown value '\(text)'")
        }
        return value
    }

    /// A secret given directly or, as `NAME_FILE`, by the path of a file holding it.
    func secret(_ name: String) throws -> String? {
        if let direct = self[name] { return direct }
        guard let path = self[name + "_FILE"] else { return nil }
        let content: String
        do { content = try readFile(path) } catch {
            throw ConfigurationError.unreadable(path, "\(name)_FILE")
        }
        let trimmed = content.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw ConfigurationError.invalid(name + "_FILE", "the file is empty") }
        return trimmed
    }
}
