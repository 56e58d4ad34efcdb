/// Recent failed logins, the input of ``LecternCore/LoginThrottle``.
public struct LoginFailureRepository {
    let db: Connection

    public init(_ db: Connection) {
        self.db = db
    }

    /// Unix times of failures for `email` and from `address` inside the last `window` seconds.
    public func recent(email: String, address: String, window: Int64, limits: (email: Int, address: Int))
        throws -> (email: [Int64], address: [Int64]) {
        let byEmail = try db.query("""
            SELECT UNIX_TIMESTAMP(failed_at) AS at FROM login_failures
            WHERE email = ? AND failed_at > UTC_TIMESTAMP(6) - INTERVAL ? SECOND
            ORDER BY failed_at DESC LIMIT ?
            """, [.text(email.lowercased()), .int(window), .int(Int64(limits.email))])
        let byAddress = try db.query("""
            SELECT UNIX_TIMESTAMP(failed_at) AS at FROM login_failures
            WHERE address = ? AND failed_at > UTC_TIMESTAMP(6) - INTERVAL ? SECOND
            ORDER BY failed_at DESC LIMIT ?
            """, [.text(address), .int(window), .int(Int64(limits.address))])
        let times = { (rows: [Row]) in try rows.map { row in
            guard let seconds = row.double("at") else { throw RowDecodingError(column: "at", problem: "is not a number") }
            return Int64(seconds)
        } }
        return (try times(byEmail), try times(byAddress))
    }

    /// Records a failure and forgets failures older than a day, a few at a time.
    public func record(email: String, address: String) throws {
        _ = try db.execute("INSERT INTO login_failures (email, address) VALUES (?, ?)",
                           [.text(email.lowercased()), .text(address)])
        _ = try db.execute("DELETE FROM login_failures WHERE failed_at < UTC_TIMESTAMP(6) - INTERVAL 1 DAY LIMIT 100")
    }

    /// A successful login clears the email's failures.
    public func clear(email: String) throws {
        _ = try db.execute("DELETE FROM login_failures WHERE email = ?", [.text(email.lowercased())])
    }
}
