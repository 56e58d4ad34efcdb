import Foundation

extension Connection {
    private static let transactionAttempts = 5

    /// Runs `body` inside a transaction: commits when it returns, rolls back when it throws.
    ///
    /// On deadlock (1213, which is also how Galera reports a certification failure) or lock
    /// wait timeout (1205) the whole body runs again after a short random pause, up to five
    /// times, so it must not have effects outside the database. A connection lost before
    /// `COMMIT` was sent took the transaction with it (the server rolls it back), so the
    /// body runs once more on a new session — unless a named lock is held, which went with
    /// the old session. A connection lost during `COMMIT` leaves the outcome unknown and is
    /// never retried. A call made from inside `body` joins the enclosing transaction.
    @discardableResult
    public func transaction<T>(_ body: (Connection) throws -> T) throws -> T {
        if inTransaction { return try body(self) }
        var attempt = 1
        var reconnected = false
        while true {
            _ = try perform("START TRANSACTION", [])
            inTransaction = true
            var committing = false
            do {
                let result = try body(self)
                committing = true
                _ = try perform("COMMIT", [])
                inTransaction = false
                return result
            } catch {
                let lost = !isConnected
                rollback()
                let again = lost ? !committing && !reconnected && namedLocksHeld == 0 && Self.isConnectionLoss(error)
                                 : Self.isRetryable(error)
                guard attempt < Self.transactionAttempts, again else { throw error }
                reconnected = reconnected || lost
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

    private static func isConnectionLoss(_ error: Error) -> Bool {
        if case DatabaseError.unavailable? = error as? DatabaseError { return true }
        return false
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
