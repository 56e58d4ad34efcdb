import CMariaDB

/// A raw libmariadb error, before `Connection` decides between reconnecting and reporting.
struct StatementFailure: Error {
    let code: UInt32
    let message: String

    init(code: UInt32, message: String) {
        self.code = code
        self.message = message
    }

    init(statement: UnsafeMutablePointer<MYSQL_STMT>) {
        self.init(code: mysql_stmt_errno(statement), message: String(cString: mysql_stmt_error(statement)))
    }

    private static let connectionLossCodes: Set<UInt32> = [
        UInt32(CR_SERVER_GONE_ERROR), UInt32(CR_SERVER_LOST), UInt32(CR_SERVER_LOST_EXTENDED),
        UInt32(CR_CONNECTION_ERROR), UInt32(CR_CONN_HOST_ERROR),
        UInt32(ER_CONNECTION_KILLED), UInt32(ER_SERVER_SHUTDOWN),
    ]

    /// The connection is unusable: it must be closed, and possibly reopened.
    var isConnectionLoss: Bool { Self.connectionLossCodes.contains(code) }

    /// The error callers see.
    var databaseError: DatabaseError {
        switch code {
        case _ where isConnectionLoss: return .unavailable(message)
        // A Galera node that is not part of the primary component (or not synced yet) answers
        // "WSREP has not yet prepared node for application use": the database is unavailable.
        case UInt32(ER_UNKNOWN_COM_ERROR): return .unavailable(message)
        case UInt32(ER_DUP_ENTRY): return .duplicateKey(message)
        case UInt32(ER_LOCK_DEADLOCK): return .deadlock
        case UInt32(ER_LOCK_WAIT_TIMEOUT): return .lockWaitTimeout
        default: return .server(code: Int32(bitPattern: code), message: message)
        }
    }
}
