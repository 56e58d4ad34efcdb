import LecternPool

extension PoolError: HTTPResponseError {
    /// The answer SPEC §4 gives for this failure.
    public var apiError: APIError {
        switch self {
        case .poolExhausted(let seconds):
            return APIError.tooManyRequests("pool_exhausted", "Every pool host is busy; try again shortly.",
                                            retryAfter: seconds)
        case .conflict(let code, let detail):
            return APIError(409, code, detail)
        case .lessonNotFound:
            return APIError.notFound
        case .credentialsMissing:
            return APIError.badRequest("You have no Zoom credentials; set them with PUT /api/me/zoom-credentials/.",
                                       code: "zoom_credentials_missing")
        case .zoom(let error):
            return APIError(502, "zoom_error", error.message)
        case .appUnavailable:
            return APIError(502, "zoom_app_unavailable", "The Zoom app for this meeting is not configured or its secret cannot be read.")
        }
    }
}
