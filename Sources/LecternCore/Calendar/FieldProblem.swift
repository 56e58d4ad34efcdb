/// Input that breaks a scheduling rule, naming the request field at fault (the API answers
/// it as a 400 whose detail starts with the field).
public struct FieldProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var message: String

    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}
