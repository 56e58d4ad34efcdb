import NIOCore
import NIOHTTP1

/// Collects one HTTP/1.1 request, hands it to the ``SimApp`` and writes the answer, after
/// the answer's delay without blocking the event loop. Streamed bodies are generated a chunk
/// at a time while the channel is writable, so memory stays bounded whatever their size.
final class SimHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// Bytes generated per body write.
    static let chunkSize = 256 * 1024

    /// A body being written: `stream` from `sent` up to `limit`.
    private struct Streaming {
        var stream: SimBodyStream
        var sent: Int64
        var limit: Int64
        /// Close after `limit` bytes instead of ending the response (a transfer cut short).
        var cutShort: Bool
        var keepAlive: Bool
        /// The latest write, which must complete before a cut-short connection is closed.
        var lastWrite: EventLoopFuture<Void>
    }

    private let app: SimApp
    private var head: HTTPRequestHead?
    /// The request body so far, collected straight into the array the request will carry:
    /// a 2 GiB upload in one PUT is copied once, not regrown and copied again.
    private var body: [UInt8] = []
    /// An upload chunk taken as it streams in, instead of collected in ``body``.
    private var streamed: SimStreamedChunk?
    private var streaming: Streaming?
    /// Guards against re-entry: a flush can report writability synchronously.
    private var pumping = false

    init(app: SimApp) {
        self.app = app
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body = []
            streamed = nil
            if let length = requestHead.headers.first(name: "Content-Length").flatMap(Int.init), length > 0 {
                streamed = app.streamedChunk(Self.request(requestHead, body: []), contentLength: Int64(length))
                if streamed == nil { body.reserveCapacity(length) }
            }
        case .body(let chunk):
            if let streamed {
                chunk.withUnsafeReadableBytes { app.take($0, into: streamed) }
            } else {
                chunk.withUnsafeReadableBytes { body.append(contentsOf: $0) }
            }
        case .end:
            guard let requestHead = head else { return }
            let request = Self.request(requestHead, body: body)
            let response = streamed.map { app.finish($0, request) } ?? app.handle(request)
            streamed = nil
            let keepAlive = requestHead.isKeepAlive
            head = nil
            body = []
            if response.delayMilliseconds > 0 {
                let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                context.eventLoop.scheduleTask(in: .milliseconds(Int64(response.delayMilliseconds))) {
                    let (handler, context) = loopBound.value
                    handler.write(response, keepAlive: keepAlive, context: context)
                }
            } else {
                write(response, keepAlive: keepAlive, context: context)
            }
        }
    }

    private static func request(_ head: HTTPRequestHead, body: [UInt8]) -> SimRequest {
        var headers: [String: String] = [:]
        for (name, value) in head.headers { headers[name.lowercased()] = value }
        return SimRequest(method: head.method.rawValue, uri: head.uri, headers: headers, body: body)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { pump(context: context) }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        streaming = nil
        // A streamed chunk kept its whole units as they came; nothing more to do for it.
        if streamed != nil {
            head = nil
            streamed = nil
        }
        if let requestHead = head {
            // The client went away in the middle of its body (a dropped upload chunk).
            head = nil
            app.handleInterrupted(Self.request(requestHead, body: body))
            body = []
        }
        context.fireChannelInactive()
    }

    private func write(_ response: SimResponse, keepAlive: Bool, context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        if response.drop {
            context.close(promise: nil)
            return
        }
        let cutShort = response.dropAfterBytes.map { max(0, $0) }
        let keepAlive = keepAlive && cutShort == nil
        var headers = HTTPHeaders()
        for (name, value) in response.headers { headers.add(name: name, value: value) }
        headers.replaceOrAdd(name: "Content-Length", value: String(response.contentLength))
        headers.replaceOrAdd(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: response.status),
                                    headers: headers)
        let headWritten = context.write(wrapOutboundOut(.head(head)))
        if response.stream != nil || cutShort != nil {
            let stream = response.stream ?? SimBodyStream(bytes: response.body)
            streaming = Streaming(stream: stream, sent: 0, limit: min(stream.count, cutShort ?? stream.count),
                                  cutShort: cutShort != nil, keepAlive: keepAlive, lastWrite: headWritten)
            pump(context: context)
            return
        }
        if !response.body.isEmpty {
            var buffer = context.channel.allocator.buffer(capacity: response.body.count)
            buffer.writeBytes(response.body)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        }
        finish(keepAlive: keepAlive, context: context)
    }

    /// Writes chunks of the streamed body while the channel takes them; resumes on writability.
    private func pump(context: ChannelHandlerContext) {
        guard !pumping else { return }
        pumping = true
        defer { pumping = false }
        while var state = streaming {
            guard state.sent < state.limit else {
                streaming = nil
                if state.cutShort {
                    let channel = context.channel
                    context.flush()
                    state.lastWrite.whenComplete { _ in channel.close(promise: nil) }
                } else {
                    finish(keepAlive: state.keepAlive, context: context)
                }
                return
            }
            guard context.channel.isActive, context.channel.isWritable else { return }
            let count = Int(min(Int64(Self.chunkSize), state.limit - state.sent))
            var buffer = context.channel.allocator.buffer(capacity: count)
            buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { raw in
                state.stream.fill(UnsafeMutableRawBufferPointer(rebasing: raw[0..<count]), at: state.sent)
                return count
            }
            let written = context.eventLoop.makePromise(of: Void.self)
            state.sent += Int64(count)
            state.lastWrite = written.futureResult
            streaming = state
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: written)
        }
    }

    private func finish(keepAlive: Bool, context: ChannelHandlerContext) {
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let channel = context.channel
            done.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
