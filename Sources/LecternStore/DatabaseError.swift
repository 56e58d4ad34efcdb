/// What can go wrong talking to MariaDB, sorted by what a caller can do about it.
public enum DatabaseError: Error, CustomStringConvertible {
    /// The server cannot be reached or the connection broke; retry later.
    case unavailable(String)
    /// A unique key was violated (1062); the message names the key, e.g. `'users_email'`.
    case duplicateKey(String)
    /// InnoDB deadlock or Galera certification failure (1213) that outlived the retries.
    case deadlock
    /// `innodb_lock_wait_timeout` expired (1205) on every retry.
    case lockWaitTimeout
    /// Any other server or client error.
    case server(code: Int32, message: String)
    /// The database URL could not be understood.
    case badURL(String)

    public var description: String {
        switch self {
        case .unavailable(let why): return "database unavailable: \(why)"
        case .duplicateKey(let message): return "duplicate key: \(message)"
        case .deadlock: return "database deadlock"
        case .lockWaitTimeout: return "database lock wait timeout"
        case .server(let code, let message): return "database error \(code): \(message)"
        case .badURL(let why): return "invalid database URL: \(why)"
        }
    }
}
