extension Connection {
    /// Runs `body` holding the server-wide named lock `name` (`GET_LOCK`), so that callers on
    /// every host take turns; waits up to `waitSeconds` for it, then throws `timeout()`.
    /// The lock belongs to the session: it survives the transactions `body` runs and goes
    /// with the connection if that breaks.
    public func withNamedLock<T>(_ name: String, waitSeconds: Int, timeout: () -> Error,
                                 _ body: () throws -> T) throws -> T {
        let acquired = try query("SELECT GET_LOCK(?, ?) AS acquired", [.text(name), .int(waitSeconds)]).first?.int("acquired")
        guard acquired == 1 else { throw timeout() }
        namedLocksHeld += 1
        defer {
            namedLocksHeld -= 1
            do { _ = try query("SELECT RELEASE_LOCK(?)", [.text(name)]) } catch {
                logger.debug("RELEASE_LOCK failed", metadata: ["lock": "\(name)", "error": "\(error)"])
            }
        }
        return try body()
    }
}
