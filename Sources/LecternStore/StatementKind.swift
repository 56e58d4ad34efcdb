/// What a statement does, judged by its leading keyword, as far as running it twice matters:
/// a connection lost before the answer leaves it unknown whether the server ran it.
struct StatementKind: Equatable {
    let keyword: String

    init(_ sql: String) {
        let start = sql.drop { $0.isWhitespace || $0 == "(" }
        keyword = String(start.prefix { $0.isLetter }).uppercased()
    }

    /// Reads, session settings and `START TRANSACTION` change nothing a second run could
    /// double (`SELECT GET_LOCK` too: the lock went with the lost session). Writes, DDL and
    /// `COMMIT` are not: an `INSERT` run twice makes two rows.
    var isSafeToRepeat: Bool {
        ["SELECT", "SHOW", "SET", "DESCRIBE", "EXPLAIN", "START"].contains(keyword)
    }
}
