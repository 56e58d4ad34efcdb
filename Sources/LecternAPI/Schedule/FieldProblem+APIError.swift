import LecternCore

extension FieldProblem {
    /// The 400 answer for this problem; the detail starts with the field.
    var apiError: APIError { APIError.badRequest(description) }
}

/// Runs `body`, answering a broken scheduling rule as a 400 that names the field.
func answeringProblems<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let problem as FieldProblem {
        throw problem.apiError
    }
}
