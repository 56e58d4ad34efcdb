/// A row that does not make the record it should: a required column missing, NULL or of the
/// wrong kind, or an ENUM value Swift does not know. A schema and code that disagree, so it
/// surfaces (a logged 500) rather than the row being skipped.
public struct RowDecodingError: Error, CustomStringConvertible, Equatable {
    public var column: String
    public var problem: String

    public init(column: String, problem: String) {
        self.column = column
        self.problem = problem
    }

    public var description: String { "row does not decode: \(column) \(problem)" }
}
