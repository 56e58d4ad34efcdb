import LecternStore

extension DatabaseError: HTTPResponseError {
    /// A lost database is a 503 to retry; anything else is our fault, a logged 500.
    public var apiError: APIError {
        if case .unavailable = self { return APIError.databaseUnavailable }
        return APIError.internalError
    }
}
