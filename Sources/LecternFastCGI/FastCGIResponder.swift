import CFastCGI

/// Accepts FastCGI requests, one at a time, on a listening socket the process inherited.
///
/// The socket was bound by the master (non-blocking); this process only accepts on it,
/// after its own wait says a connection is there. A failed accept returns `nil` instead
/// of retrying inside libfcgi, so the caller decides what to do.
public final class FastCGIResponder {
    private let request: UnsafeMutablePointer<FCGX_Request>

    /// - Parameter listenFD: the inherited listening socket.
    public init(listenFD: Int32) {
        FCGX_Init()
        request = .allocate(capacity: 1)
        request.initialize(to: FCGX_Request())
        FCGX_InitRequest(request, listenFD, FCGI_FAIL_ACCEPT_ON_INTR)
    }

    deinit {
        FCGX_Free(request, 1)
        request.deallocate()
    }

    /// Waits for the next request; `nil` when accepting was interrupted or failed.
    /// Finishes the previous request first, as libfcgi requires.
    public func accept() -> FastCGIRequest? {
        guard FCGX_Accept_r(request) >= 0 else { return nil }
        return FastCGIRequest(raw: request)
    }

    /// Ends the current request and closes its connection.
    public func finish() {
        FCGX_Finish_r(request)
    }
}
