import Foundation

extension Connection {
    private static let transactionAttempts = 5

    /// Runs `body` inside a transaction: commits when it returns, rolls back when it throws.
    ///
    /// On deadlock (1213, which is also how Galera reports a certification failure) or lock
    /// wait timeout (1205) the whole body runs again after a short random pause, up to five
    /// times, so it must not have effects outside the database. A call made from inside
    /// `body` joins the enclosing transaction.
    @discardableResult
    public func transaction<T>(_ body: (Connection) throws -> T) throws -> T {
        if inTransaction { return try body(self) }
        var attempt = 1
        while true {
            _ = try perform("START TRANSACTION", [])
            inTransaction = true
            do {
                let result = try body(self)
                _ = try perform("COMMIT", [])
                inTransaction = false
                return result
            } catch {
                rollback()
                guard attempt < Self.transactionAttempts, Self.isRetryable(error) else { throw error }
                logger.debug("retrying transaction", metadata: ["attempt": "\(attempt)", "error": "\(error)"])
                Thread.sleep(forTimeInterval: Self.backoff(afterAttempt: attempt))
                attempt += 1
            }
        }
    }

    private func rollback() {
        defer { inTransaction = false }
        guard isConnected else { return }
        do {
            _ = try perform("ROLLBACK", [])
        } catch {
            // The session's state is unknown; dropping it makes the server discard the transaction.
            dropConnection(reason: "rollback failed: \(error)")
        }
    }

    private static func isRetryable(_ error: Error) -> Bool {
        switch error as? DatabaseError {
        case .deadlock?, .lockWaitTimeout?: return true
        default: return false
        }
    }

    /// 10 ms up to a ceiling that doubles per attempt (20, 40, 80, 160, capped at 200), jittered
    /// so two colliding transactions do not collide again.
    private static func backoff(afterAttempt attempt: Int) -> TimeInterval {
        let ceiling = min(200, 10 << attempt)
        return TimeInterval(Int.random(in: 10...ceiling)) / 1000
    }
}
