import LecternCore

extension FieldProblem: HTTPResponseError {
    /// The 400 answer for this problem; the detail starts with the field.
    public var apiError: APIError { APIError.badRequest(description) }
}
