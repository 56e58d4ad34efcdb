import NIOCore
import NIOHTTP1
import NIOPosix

/// The emulator's HTTP/1.1 listener (SwiftNIO, plain TCP).
public final class SimServer {
    private let app: SimApp
    private let group: MultiThreadedEventLoopGroup
    private var channel: Channel?

    public init(app: SimApp, threads: Int = System.coreCount) {
        self.app = app
        self.group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, threads))
    }

    /// Binds `host:port` (port 0 picks a free one) and returns the bound port.
    public func start(host: String, port: Int) throws -> Int {
        let app = self.app
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 1024)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(SimHTTPHandler(app: app))
                }
            }
            .childChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
        let channel = try bootstrap.bind(host: host, port: port).wait()
        self.channel = channel
        return channel.localAddress?.port ?? port
    }

    /// Blocks until the listener closes.
    public func wait() throws {
        try channel?.closeFuture.wait()
    }

    public func stop() throws {
        try channel?.close().wait()
        try group.syncShutdownGracefully()
    }
}
