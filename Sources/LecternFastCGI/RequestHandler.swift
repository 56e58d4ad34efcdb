/// Handles one FastCGI request completely (reads, answers, logs); a worker's loop calls it
/// for each request it accepts.
public protocol RequestHandler: AnyObject {
    func handle(_ request: FastCGIRequest)
}
