import CMariaDB
import Foundation
import Logging

/// One MariaDB session, used by one thread at a time (each worker process owns one).
///
/// The connection opens lazily on first use, so a process started while the server is down
/// keeps running; every call makes at most one connection attempt. A lost connection is
/// replaced silently only where nothing can happen twice: a statement that is safe to repeat
/// (a read, or a write its caller declares idempotent) outside a transaction is retried once
/// on a fresh session, and any other statement on a session idle for a while is preceded by a
/// ping, so that a session the server dropped meanwhile is replaced before the statement is
/// sent rather than after. Whole transactions are retried by ``transaction(_:)``. The
/// library's own auto-reconnect stays off because it would silently drop session state
/// mid-transaction.
public final class Connection {
    /// Where this connection goes; its description is safe to log.
    public let url: DatabaseURL

    let logger: Logger
    private let connectTimeout: Int
    private let lockWaitTimeout: Int
    private let ioTimeout: Int
    /// A session idle for longer is pinged before a statement that must not run twice.
    private let pingAfterIdle: TimeInterval
    private var handle: UnsafeMutablePointer<MYSQL>?
    private var statements: [String: PreparedStatement] = [:]
    /// Set by `transaction` while a transaction is open on this session.
    var inTransaction = false
    /// Named locks (`GET_LOCK`) held by this session: they go with it, so while any is held a
    /// lost session is never replaced behind the caller's back.
    var namedLocksHeld = 0
    /// When the session last answered (`ProcessInfo.systemUptime`).
    private var lastAnswer: TimeInterval = 0


    // Far above what the application prepares; only guards against unbounded ad-hoc SQL.
    private static let statementCacheLimit = 256

    private static let sqlMode =
        "STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ZERO_DATE,NO_ZERO_IN_DATE,NO_ENGINE_SUBSTITUTION"

    /// Prepares a connection without opening it.
    /// - Parameters:
    ///   - connectTimeout: seconds to wait for the server when (re)connecting.
    ///   - lockWaitTimeout: the session's `innodb_lock_wait_timeout`, in seconds.
    ///   - ioTimeout: seconds a single read or write may block; must exceed the longest
    ///     statement, including `GET_LOCK` waits (the migrator waits up to 60).
    ///   - pingAfterIdle: seconds of silence after which a write is preceded by a ping.
    public init(url: DatabaseURL, logger: Logger, connectTimeout: Int = 3, lockWaitTimeout: Int = 5,
                ioTimeout: Int = 90, pingAfterIdle: TimeInterval = 1) {
        self.url = url
        self.logger = logger
        self.connectTimeout = connectTimeout
        self.lockWaitTimeout = lockWaitTimeout
        self.ioTimeout = ioTimeout
        self.pingAfterIdle = pingAfterIdle
    }

    deinit {
        tearDown()
    }

    /// Whether a session is currently open (it opens on the next call if not).
    public var isConnected: Bool { handle != nil }

    /// Runs a statement and returns its rows (none for statements without a result set).
    public func query(_ sql: String, _ parameters: [SQLValue] = []) throws -> [Row] {
        try perform(sql, parameters).rows
    }

    /// Runs a statement for its effect. `idempotent: true` declares that running it twice
    /// leaves what running it once does (`UPDATE … SET x = ? WHERE id = ?`, say), so that a
    /// connection lost before its answer may run it again on a new session.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [SQLValue] = [], idempotent: Bool = false) throws -> ExecResult {
        let outcome = try perform(sql, parameters, idempotent: idempotent)
        return ExecResult(affectedRows: outcome.affectedRows, lastInsertID: outcome.lastInsertID)
    }

    /// Checks the server answers, connecting first if needed.
    public func ping() throws {
        _ = try perform("SELECT 1", [])
    }

    /// Closes the session; the next call opens a new one.
    public func close() {
        guard handle != nil else { return }
        tearDown()
        inTransaction = false
        logger.debug("database connection closed", metadata: ["db": "\(url)"])
    }

    /// Runs `sql` through a prepared statement. A connection lost before the answer came may
    /// or may not have run the statement, so it is run again on a new session only when that
    /// is harmless: outside a transaction, with no named lock held, and for a statement that is
    /// safe to repeat (``StatementKind``, or `idempotent`). Other statements fail with
    /// `.unavailable`; a session idle for a while is pinged first so that one the server
    /// closed meanwhile is replaced before the statement is sent.
    /// `cached: false` is for one-off SQL such as migrations, which is not worth keeping prepared.
    func perform(_ sql: String, _ parameters: [SQLValue], cached: Bool = true,
                 idempotent: Bool = false) throws -> PreparedStatement.Outcome {
        let replaceable = !inTransaction && namedLocksHeld == 0
        let repeatable = replaceable && (idempotent || StatementKind(sql).isSafeToRepeat)
        if replaceable, !repeatable { replaceIfStale() }
        let reusing = handle != nil
        do {
            return try answered(runOnce(sql, parameters, cached: cached))
        } catch let failure as StatementFailure where failure.isConnectionLoss && reusing && repeatable {
            dropConnection(reason: failure.message)
            logger.notice("retrying statement on a new database connection", metadata: ["db": "\(url)"])
            do {
                return try answered(runOnce(sql, parameters, cached: cached))
            } catch let failure as StatementFailure {
                throw report(failure)
            }
        } catch let failure as StatementFailure {
            throw report(failure)
        }
    }

    private func answered(_ outcome: PreparedStatement.Outcome) -> PreparedStatement.Outcome {
        lastAnswer = ProcessInfo.processInfo.systemUptime
        return outcome
    }

    /// Pings a session that has been idle, and drops it if the server no longer has it; the
    /// statement that follows then opens a new one and is sent exactly once.
    private func replaceIfStale() {
        guard let connection = handle,
              ProcessInfo.processInfo.systemUptime - lastAnswer >= pingAfterIdle else { return }
        if mysql_ping(connection) == 0 {
            lastAnswer = ProcessInfo.processInfo.systemUptime
        } else {
            dropConnection(reason: String(cString: mysql_error(connection)))
        }
    }

    /// Closes a broken session so the next call starts a fresh one.
    func dropConnection(reason: String) {
        guard handle != nil else { return }
        tearDown()
        logger.warning("database connection lost", metadata: ["db": "\(url)", "error": "\(reason)"])
    }

    private func report(_ failure: StatementFailure) -> DatabaseError {
        if failure.isConnectionLoss { dropConnection(reason: failure.message) }
        return failure.databaseError
    }

    private func runOnce(_ sql: String, _ parameters: [SQLValue], cached: Bool) throws -> PreparedStatement.Outcome {
        if handle == nil && inTransaction {
            // A new session would run the rest of the transaction in autocommit mode.
            throw DatabaseError.unavailable("connection lost during a transaction")
        }
        let connection = try connectIfNeeded()
        guard cached else {
            let statement = try PreparedStatement(sql: sql, on: connection)
            defer { statement.close() }
            return try statement.run(parameters)
        }
        return try cachedStatement(sql, on: connection).run(parameters)
    }

    private func cachedStatement(_ sql: String, on connection: UnsafeMutablePointer<MYSQL>) throws -> PreparedStatement {
        if let statement = statements[sql] { return statement }
        if statements.count >= Self.statementCacheLimit {
            statements.values.forEach { $0.close() }
            statements = [:]
        }
        let statement = try PreparedStatement(sql: sql, on: connection)
        statements[sql] = statement
        return statement
    }

    private func connectIfNeeded() throws -> UnsafeMutablePointer<MYSQL> {
        if let handle { return handle }
        MariaDBLibrary.initialize()
        guard let connection = mysql_init(nil) else {
            throw DatabaseError.unavailable("cannot allocate a MariaDB handle")
        }
        configure(connection)
        let socket = url.socket
        guard mysql_real_connect(connection, url.host, url.user, url.password, url.database,
                                 UInt32(url.port), socket, 0) != nil else {
            let message = String(cString: mysql_error(connection))
            mysql_close(connection)
            logger.warning("database connect failed", metadata: ["db": "\(url)", "error": "\(message)"])
            throw DatabaseError.unavailable(message)
        }
        handle = connection
        logger.info("database connected", metadata: ["db": "\(url)"])
        return connection
    }

    private func configure(_ connection: UnsafeMutablePointer<MYSQL>) {
        var connectSeconds = UInt32(clamping: connectTimeout)
        var ioSeconds = UInt32(clamping: ioTimeout)
        var off: my_bool = 0
        var on: my_bool = 1
        // An explicit protocol, so `localhost` without `?socket=` really means TCP.
        var proto = (url.socket == nil ? MYSQL_PROTOCOL_TCP : MYSQL_PROTOCOL_SOCKET).rawValue
        // Only integers are interpolated; the library runs this as plain text on every connect.
        let setup = "SET time_zone = '+00:00', innodb_lock_wait_timeout = \(lockWaitTimeout), "
            + "sql_mode = '\(Self.sqlMode)'"
        mysql_options(connection, MYSQL_OPT_CONNECT_TIMEOUT, &connectSeconds)
        mysql_options(connection, MYSQL_OPT_READ_TIMEOUT, &ioSeconds)
        mysql_options(connection, MYSQL_OPT_WRITE_TIMEOUT, &ioSeconds)
        mysql_options(connection, MYSQL_OPT_RECONNECT, &off)
        mysql_options(connection, MYSQL_OPT_LOCAL_INFILE, &off)
        mysql_options(connection, MYSQL_REPORT_DATA_TRUNCATION, &on)
        mysql_options(connection, MYSQL_OPT_PROTOCOL, &proto)
        mysql_options(connection, MYSQL_SET_CHARSET_NAME, "utf8mb4")
        mysql_options(connection, MYSQL_INIT_COMMAND, setup)
    }

    private func tearDown() {
        guard let connection = handle else { return }
        // mysql_close detaches the statements first, so closing them afterwards does no I/O
        // (the server frees them with the session).
        mysql_close(connection)
        statements.values.forEach { $0.close() }
        statements = [:]
        handle = nil
    }
}
