import LecternCrypto
import LecternStore

/// Binds the values sealed before ``SealedColumn`` existed (`v1:`) to their place, run by
/// `lectern migrate`. Each row is updated only if its value is still the one read, so a
/// concurrent writer wins; a value that does not open under the master key is left alone.
public enum SealedColumnUpgrade {
    /// Returns how many values were bound.
    @discardableResult
    public static func run(db: Connection, box: SecretBox) throws -> Int {
        var bound = 0
        for column in SealedColumn.allCases {
            // Identifiers come from the enum above, never from input.
            let rows = try db.query("""
                SELECT id, \(column.column) AS sealed FROM \(column.table) WHERE \(column.column) LIKE 'v1:%'
                """)
            for row in rows {
                guard let id = row.int("id"), let sealed = row.string("sealed"), let plain = try? box.open(sealed) else {
                    continue
                }
                bound += try db.execute("""
                    UPDATE \(column.table) SET \(column.column) = ? WHERE id = ? AND \(column.column) = ?
                    """, [.text(box.seal(plain, column, rowID: id)), .int(id), .text(sealed)], idempotent: true)
                    .affectedRows
            }
        }
        return bound
    }
}
