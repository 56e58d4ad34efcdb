import LecternCore
import LecternCrypto
import LecternProcess

/// Long-lived collaborators a worker builds once and every request shares.
public struct Services {
    public var passwordHasher: PasswordHasher
    public var loginThrottle: LoginThrottle
    /// The pool's scoreboard, when running under the master.
    public var scoreboard: Scoreboard?

    public init(passwordHasher: PasswordHasher = PasswordHasher(), loginThrottle: LoginThrottle = LoginThrottle(),
                scoreboard: Scoreboard?) {
        self.passwordHasher = passwordHasher
        self.loginThrottle = loginThrottle
        self.scoreboard = scoreboard
    }
}
