/// What libcurl's callbacks collect during one transfer. Without a sink every body is kept;
/// with one, a 2xx answer's head goes to `onHead` before its first byte, its body to the
/// sink, and any other body is kept up to ``errorBodyLimit`` bytes.
final class HTTPExchange {
    /// How much of a non-2xx body a streaming transfer keeps: enough for an error document.
    static let errorBodyLimit = 64 * 1024

    private(set) var head = ResponseHead()
    private(set) var body: [UInt8] = []
    /// The error the sink threw; the transfer was aborted because of it.
    private(set) var sinkError: Error?
    private let sink: ((UnsafeRawBufferPointer) throws -> Void)?
    private let onHead: ((HTTPClientResponse) throws -> Void)?
    /// Whether `onHead` has seen the answer the sink is taking.
    private(set) var headDelivered = false

    init(onHead: ((HTTPClientResponse) throws -> Void)? = nil, sink: ((UnsafeRawBufferPointer) throws -> Void)? = nil) {
        self.onHead = onHead
        self.sink = sink
    }

    /// Hands the final 2xx answer's status and headers to `onHead`, once.
    func deliverHead() throws {
        guard !headDelivered, let status = head.status else { return }
        headDelivered = true
        try onHead?(HTTPClientResponse(status: status, headers: head.headers))
    }

    func receive(headerLine line: String) {
        head.receive(line: line)
    }

    /// Takes one piece of the body; `false` tells libcurl to abort the transfer.
    func receive(body bytes: UnsafeRawBufferPointer) -> Bool {
        guard let sink else {
            body.append(contentsOf: bytes)
            return true
        }
        guard head.isSuccess else {
            // Headers have all arrived before the body, so the status is the final answer's.
            body.append(contentsOf: bytes.prefix(max(0, Self.errorBodyLimit - body.count)))
            return true
        }
        do {
            try deliverHead()
            try sink(bytes)
            return true
        } catch {
            sinkError = error
            return false
        }
    }
}
