import CLecternSys
import Glibc
import LecternCore
import LecternFastCGI
import Logging

/// A worker process: accepts on the inherited socket, serves one request at a time, keeps
/// its scoreboard slot current, and exits after `maxRequests` or when asked to stop.
public final class Worker {
    private let slot: Int
    private let scoreboard: Scoreboard
    private let maxRequests: Int
    private let slowRequestUs: Int64
    private let logger: Logger

    public init(slot: Int, scoreboard: Scoreboard, maxRequests: Int, slowRequestSeconds: Int, logger: Logger) {
        self.slot = slot
        self.scoreboard = scoreboard
        self.maxRequests = maxRequests
        self.slowRequestUs = Int64(slowRequestSeconds) * 1_000_000
        self.logger = logger
    }

    /// The inherited scoreboard of a worker started by the master.
    public static func inheritedScoreboard() throws -> Scoreboard {
        try Scoreboard(fd: Scoreboard.inheritedFD, writable: true)
    }

    /// Serves until stopped or recycled; returns the process exit code.
    public func run(handler: RequestHandler) -> Int32 {
        guard slot >= 0, slot < scoreboard.slotCount else {
            logger.critical("invalid scoreboard slot", metadata: ["slot": "\(slot)"])
            return 2
        }
        let responder = FastCGIResponder(listenFD: ChildSpawner.listenFD)
        scoreboard.set(slot: slot, .pid, Int64(getpid()))
        // Stop signals are delivered only inside the pselect below; see CLecternSys.
        var waitMask = sigset_t()
        _ = lectern_block_stop_signals(&waitMask)
        var served = 0
        while !StopSignal.requested {
            scoreboard.set(slot: slot, .state, WorkerState.idle.rawValue)
            guard lectern_wait_readable(ChildSpawner.listenFD, 1_000, &waitMask) > 0, !StopSignal.requested else {
                continue
            }
            // The socket is non-blocking: when another worker won the connection, accept fails at once.
            guard let request = responder.accept() else {
                if errno != EAGAIN && errno != EWOULDBLOCK {
                    logger.warning("accept failed", metadata: ["errno": "\(errno)"])
                    usleep(10_000)
                }
                continue
            }
            let startedUs = lectern_monotonic_us()
            scoreboard.set(slot: slot, .requestStartedMs, startedUs / 1_000)
            scoreboard.set(slot: slot, .state, WorkerState.busy.rawValue)
            scoreboard.add(.acceptedRequests, 1)
            scoreboard.raiseMax(.maxActive, to: scoreboard.busyCount())

            handler.handle(request)
            responder.finish()

            let elapsed = lectern_monotonic_us() - startedUs
            scoreboard.set(slot: slot, .requestStartedMs, 0)
            scoreboard.set(slot: slot, .lastDurationUs, elapsed)
            scoreboard.add(slot: slot, .requestsServed, 1)
            if elapsed > slowRequestUs { scoreboard.add(.slowRequests, 1) }
            served += 1
            if maxRequests > 0, served >= maxRequests { break }
        }
        scoreboard.set(slot: slot, .state, WorkerState.stopping.rawValue)
        return 0
    }
}
