/// An error that knows its answer (SPEC §4), as Hummingbird's `HTTPResponseError`: handlers
/// and services throw their own errors as they are, and ``Application/respond(to:)`` renders
/// them in one place. An error without a conformance is a logged 500.
public protocol HTTPResponseError: Error {
    /// The status, code, detail and headers of the answer.
    var apiError: APIError { get }
}
