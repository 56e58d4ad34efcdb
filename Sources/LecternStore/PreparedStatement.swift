import CMariaDB

/// One server-side prepared statement, owned by the `Connection` that prepared it.
final class PreparedStatement {
    /// Rows (if the statement returns any) and the change counters of one execution.
    struct Outcome {
        let rows: [Row]
        let affectedRows: Int
        let lastInsertID: Int64
    }

    private let handle: UnsafeMutablePointer<MYSQL_STMT>

    init(sql: String, on connection: UnsafeMutablePointer<MYSQL>) throws {
        guard let handle = mysql_stmt_init(connection) else {
            throw StatementFailure(code: mysql_errno(connection), message: String(cString: mysql_error(connection)))
        }
        guard mysql_stmt_prepare(handle, sql, UInt(sql.utf8.count)) == 0 else {
            let failure = StatementFailure(statement: handle)
            mysql_stmt_close(handle)
            throw failure
        }
        self.handle = handle
    }

    /// Frees the client side; after `mysql_close` this does no I/O.
    func close() {
        mysql_stmt_close(handle)
    }

    /// Binds `parameters`, executes, and reads every row.
    func run(_ parameters: [SQLValue]) throws -> Outcome {
        let expected = Int(mysql_stmt_param_count(handle))
        guard expected == parameters.count else {
            throw StatementFailure(code: UInt32(CR_INVALID_PARAMETER_NO),
                                   message: "statement takes \(expected) parameters, \(parameters.count) given")
        }
        let bindings = ParameterBindings(parameters)
        let executed: Int32 = withExtendedLifetime(bindings) {
            if expected > 0, mysql_stmt_bind_param(handle, bindings.binds) != 0 { return 1 }
            return mysql_stmt_execute(handle)
        }
        guard executed == 0 else { throw failure() }
        defer { mysql_stmt_free_result(handle) }
        let affected = mysql_stmt_affected_rows(handle)
        let rows = try fetchRows()
        return Outcome(rows: rows,
                       // A result set reports (my_ulonglong)-1 here.
                       affectedRows: affected == UInt64.max ? 0 : Int(clamping: affected),
                       lastInsertID: Int64(truncatingIfNeeded: mysql_stmt_insert_id(handle)))
    }

    private func fetchRows() throws -> [Row] {
        let columnCount = Int(mysql_stmt_field_count(handle))
        guard columnCount > 0 else { return [] }
        // Metadata is read per execution: the server may re-prepare after a schema change.
        guard let metadata = mysql_stmt_result_metadata(handle) else { throw failure() }
        defer { mysql_free_result(metadata) }
        guard let fields = mysql_fetch_fields(metadata) else { throw failure() }
        let columns = (0..<columnCount).map { String(cString: fields[$0].name) }
        let bindings = ResultBindings(fields: fields, count: columnCount)
        guard mysql_stmt_bind_result(handle, bindings.binds) == 0 else { throw failure() }
        var built = ResultStorage.Builder()
        while true {
            let status = mysql_stmt_fetch(handle)
            switch status {
            case 0, MYSQL_DATA_TRUNCATED:
                try bindings.append(to: &built, of: handle)
            case MYSQL_NO_DATA:
                let storage = ResultStorage(columns: columns, kinds: bindings.kinds, built: built)
                return (0..<storage.rowCount).map { Row(storage, index: $0) }
            default:
                throw failure()
            }
        }
    }

    /// The pending error; after it the statement is reset so the cached handle is clean.
    private func failure() -> StatementFailure {
        let failure = StatementFailure(statement: handle)
        if !failure.isConnectionLoss { mysql_stmt_reset(handle) }
        return failure
    }
}
