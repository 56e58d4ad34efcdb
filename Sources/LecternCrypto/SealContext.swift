/// Where a sealed value is stored: its table, column and row. Sealed with it as AES-GCM
/// associated data, the value opens only there (``SecretBox/seal(_:for:)``).
public struct SealContext: Sendable, Equatable {
    public var table: String
    public var column: String
    public var rowID: Int64

    public init(table: String, column: String, rowID: Int64) {
        self.table = table
        self.column = column
        self.rowID = rowID
    }

    /// `lectern:{table}.{column}#{row id}`.
    var associatedData: [UInt8] {
        Array("lectern:\(table).\(column)#\(rowID)".utf8)
    }
}
