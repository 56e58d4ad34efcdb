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

    /// A body libcurl reads through ``readUpload(into:)``, and how much of it it has read.
    var upload: UnsafeRawBufferPointer?
    private var uploaded = 0

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

    /// Copies the next bytes of ``upload`` into libcurl's buffer; 0 at the end.
    func readUpload(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard let upload else { return 0 }
        let count = min(buffer.count, upload.count - uploaded)
        guard count > 0 else { return 0 }
        buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: upload[uploaded..<(uploaded + count)]))
        uploaded += count
        return count
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
