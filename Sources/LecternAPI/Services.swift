import LecternCore
import LecternCrypto
import LecternHTTPClient
import LecternProcess

/// Long-lived collaborators a worker builds once and every request shares.
public struct Services {
    public var passwordHasher: PasswordHasher
    public var loginThrottle: LoginThrottle
    /// The pool's scoreboard, when running under the master.
    public var scoreboard: Scoreboard?
    /// Outgoing HTTP (Zoom); one keep-alive connection cache per worker.
    public var httpClient: HTTPTransport
    /// Drive through the service account, for streaming recordings; `nil` when not configured.
    public var drive: DriveAccess?

    public init(passwordHasher: PasswordHasher = PasswordHasher(), loginThrottle: LoginThrottle = LoginThrottle(),
                scoreboard: Scoreboard?, httpClient: HTTPTransport = HTTPClient(), drive: DriveAccess? = nil) {
        self.passwordHasher = passwordHasher
        self.loginThrottle = loginThrottle
        self.scoreboard = scoreboard
        self.httpClient = httpClient
        self.drive = drive
    }
}
