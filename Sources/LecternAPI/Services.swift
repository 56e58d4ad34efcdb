import LecternCore
import LecternCrypto
import LecternHTTPClient

/// Long-lived collaborators a worker builds once and every request shares.
public struct Services {
    public var passwordHasher: PasswordHasher
    public var loginThrottle: LoginThrottle
    /// The pool's status now, read at each call; `nil` when not running under a master.
    public var poolStatus: () -> PoolStatus?
    /// Outgoing HTTP (Zoom); one keep-alive connection cache per worker.
    public var httpClient: HTTPTransport
    /// Drive through the service account, for streaming recordings; `nil` when not configured.
    public var drive: DriveAccess?

    public init(passwordHasher: PasswordHasher = PasswordHasher(), loginThrottle: LoginThrottle = LoginThrottle(),
                poolStatus: @escaping () -> PoolStatus? = { nil }, httpClient: HTTPTransport = HTTPClient(), drive: DriveAccess? = nil) {
        self.passwordHasher = passwordHasher
        self.loginThrottle = loginThrottle
        self.poolStatus = poolStatus
        self.httpClient = httpClient
        self.drive = drive
    }
}
