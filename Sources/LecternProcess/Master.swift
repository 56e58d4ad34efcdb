import CLecternSys
import Glibc
import LecternCore
import Logging

/// The pool's master process: binds nothing itself (the socket is given), spawns and
/// supervises workers and the transfer child, and reacts to signals from its event loop.
///
/// Single-threaded by design (SPEC §1): signal handlers only write to a self-pipe; all work
/// happens here, between `poll` wake-ups.
public final class Master {
    private let options: MasterOptions
    private let socket: ListenSocket
    private let scoreboard: Scoreboard
    private let spawner: ChildSpawner
    private let logger: Logger
    private var state: MasterState = .running
    private var generation: Int64 = 1
    private var children: [pid_t: ChildRecord] = [:]
    /// Slots waiting for a replacement worker, with the earliest time to start it.
    private var pendingSlots: [Int: Int64] = [:]
    private var transferRespawnAtMs: Int64?
    /// A SIGHUP that arrived while the previous generation was still finishing.
    private var reloadRequested = false

    /// Worker deaths within this many ms of their start delay the replacement, so a
    /// crash-looping worker cannot spin the master.
    private let crashLoopWindowMs: Int64 = 1_000

    public init(options: MasterOptions, socket: ListenSocket, scoreboard: Scoreboard,
                spawner: ChildSpawner, logger: Logger) {
        self.options = options
        self.socket = socket
        self.scoreboard = scoreboard
        self.spawner = spawner
        self.logger = logger
    }

    /// Runs until SIGTERM/SIGINT/SIGQUIT has stopped every child.
    public func run() throws {
        _ = lectern_ignore_signal(SIGPIPE)
        let signals = try SignalPipe(signals: [SIGCHLD, SIGHUP, SIGTERM, SIGINT, SIGQUIT, SIGUSR2])
        scoreboard.set(.configuredWorkers, Int64(options.workers))
        scoreboard.set(.generation, generation)
        for slot in 0..<options.workers { spawnWorker(slot: slot) }
        if options.runTransferChild { spawnTransfer() }
        logger.info("master started", metadata: ["workers": "\(options.workers)", "listen": "\(socket.address)"])

        while true {
            for signal in signals.wait(timeoutMs: 200) {
                handle(signal: signal)
            }
            reap()
            tick()
            if case .terminating = state, children.isEmpty { break }
        }
        socket.close()
        logger.info("master stopped")
    }

    private func handle(signal: Int32) {
        switch signal {
        case SIGCHLD:
            break // reaped right after
        case SIGHUP, SIGUSR2:
            switch state {
            case .running: reload()
            case .reloading: reloadRequested = true
            case .terminating: break
            }
        case SIGTERM, SIGINT, SIGQUIT:
            if case .terminating = state { return }
            terminate()
        default:
            break
        }
    }

    /// A new generation on the same open socket; old workers finish their request and exit.
    private func reload() {
        state = .reloading
        generation += 1
        scoreboard.set(.generation, generation)
        logger.info("reloading", metadata: ["generation": "\(generation)"])
        let old = children.filter { !$0.value.retiring }
        pendingSlots.removeAll()
        for _ in 0..<options.workers {
            guard let slot = freeSlot() else { break }
            spawnWorker(slot: slot)
        }
        for (pid, record) in old {
            retire(pid: pid, record: record)
        }
    }

    /// The reload is over once every child of older generations has exited.
    private func finishReloadIfDone() {
        guard state == .reloading, !children.values.contains(where: \.retiring) else { return }
        state = .running
        logger.info("reload finished", metadata: ["generation": "\(generation)"])
        if reloadRequested {
            reloadRequested = false
            reload()
        }
    }

    private func terminate() {
        let deadline = lectern_monotonic_ms() + Int64(options.shutdownGraceSeconds) * 1_000
        state = .terminating(deadlineMs: deadline)
        pendingSlots.removeAll()
        transferRespawnAtMs = nil
        logger.info("stopping", metadata: ["children": "\(children.count)"])
        for (pid, record) in children where !record.retiring {
            retire(pid: pid, record: record)
        }
    }

    /// Asks a child to stop gracefully: SIGQUIT for a worker, SIGTERM for the transfer child.
    private func retire(pid: pid_t, record: ChildRecord) {
        var record = record
        record.retiring = true
        record.lastStopSignalMs = lectern_monotonic_ms()
        children[pid] = record
        switch record.kind {
        case .worker(let slot):
            scoreboard.set(slot: slot, .state, WorkerState.stopping.rawValue)
            kill(pid, SIGQUIT)
        case .transfer:
            kill(pid, SIGTERM)
        }
    }

    private func reap() {
        while true {
            var status: Int32 = 0
            let pid = waitpid(-1, &status, WNOHANG)
            guard pid > 0 else { return }
            guard let record = children.removeValue(forKey: pid) else { continue }
            let exitedCleanly = (status & 0x7f) == 0 && ((status >> 8) & 0xff) == 0
            let description = (status & 0x7f) == 0 ? "exit \((status >> 8) & 0xff)" : "signal \(status & 0x7f)"
            let now = lectern_monotonic_ms()
            switch record.kind {
            case .worker(let slot):
                clear(slot: slot)
                guard !record.retiring, isRunning else { continue }
                if !exitedCleanly {
                    scoreboard.add(.workerRestarts, 1)
                    logger.warning("worker died", metadata: ["worker": "\(pid)", "status": "\(description)"])
                }
                let quick = now - record.startedMs < crashLoopWindowMs
                pendingSlots[slot] = quick ? now + crashLoopWindowMs : now
            case .transfer:
                scoreboard.set(.transferPID, 0)
                guard isRunning else { continue }
                if record.retiring {
                    transferRespawnAtMs = now // replaced by a reload
                    continue
                }
                scoreboard.add(.transferRestarts, 1)
                logger.warning("transfer child exited", metadata: ["child": "\(pid)", "status": "\(description)"])
                let quick = now - record.startedMs < 5_000
                transferRespawnAtMs = quick ? now + 5_000 : now
            }
        }
    }

    private var isRunning: Bool {
        if case .terminating = state { return false }
        return true
    }

    /// Periodic work: start pending workers, kill stuck ones, nudge retiring ones, sample the queue.
    private func tick() {
        let now = lectern_monotonic_ms()
        if case .terminating(let deadline) = state {
            for (pid, record) in children where now - record.lastStopSignalMs >= 1_000 {
                nudge(pid: pid, record: record, now: now)
            }
            if now >= deadline {
                for pid in children.keys { kill(pid, SIGKILL) }
            }
            return
        }
        finishReloadIfDone()
        for (slot, due) in pendingSlots where due <= now {
            pendingSlots[slot] = nil
            spawnWorker(slot: slot)
        }
        if let due = transferRespawnAtMs, due <= now {
            transferRespawnAtMs = nil
            spawnTransfer()
        }
        let timeoutMs = Int64(options.requestTimeoutSeconds) * 1_000
        for (pid, record) in children {
            guard case .worker(let slot) = record.kind else { continue }
            let started = scoreboard.get(slot: slot, .requestStartedMs)
            if started > 0, scoreboard.get(slot: slot, .state) == WorkerState.busy.rawValue, now - started > timeoutMs {
                logger.warning("killing stuck worker", metadata: ["worker": "\(pid)", "running_ms": "\(now - started)"])
                scoreboard.set(slot: slot, .requestStartedMs, 0)
                kill(pid, SIGKILL)
            } else if record.retiring, now - record.lastStopSignalMs >= 1_000 {
                nudge(pid: pid, record: record, now: now)
            }
        }
        if case .tcp = socket.address {
            scoreboard.set(.listenQueue, Int64(lectern_tcp_listen_queue(socket.fd)))
        }
    }

    /// Re-sends the stop signal: one sent just before a worker blocked in accept() is lost.
    private func nudge(pid: pid_t, record: ChildRecord, now: Int64) {
        var record = record
        record.lastStopSignalMs = now
        children[pid] = record
        kill(pid, record.kind == .transfer ? SIGTERM : SIGQUIT)
    }

    private func freeSlot() -> Int? {
        let used = Set(children.values.compactMap { record -> Int? in
            if case .worker(let slot) = record.kind { return slot }
            return nil
        })
        return (0..<scoreboard.slotCount).first { !used.contains($0) && pendingSlots[$0] == nil }
    }

    private func clear(slot: Int) {
        scoreboard.set(slot: slot, .state, WorkerState.empty.rawValue)
        scoreboard.set(slot: slot, .pid, 0)
        scoreboard.set(slot: slot, .requestStartedMs, 0)
    }

    private func spawnWorker(slot: Int) {
        scoreboard.set(slot: slot, .state, WorkerState.starting.rawValue)
        scoreboard.set(slot: slot, .generation, generation)
        scoreboard.set(slot: slot, .requestsServed, 0)
        scoreboard.set(slot: slot, .requestStartedMs, 0)
        scoreboard.set(slot: slot, .startedAtEpoch, Int64(time(nil)))
        do {
            let pid = try spawner.spawn(
                subcommand: "worker", arguments: ["--slot", String(slot)],
                descriptors: [(socket.fd, ChildSpawner.listenFD), (scoreboard.fd, Scoreboard.inheritedFD)])
            scoreboard.set(slot: slot, .pid, Int64(pid))
            children[pid] = ChildRecord(kind: .worker(slot: slot), startedMs: lectern_monotonic_ms())
        } catch {
            clear(slot: slot)
            logger.error("cannot start worker", metadata: ["error": "\(error)"])
            pendingSlots[slot] = lectern_monotonic_ms() + crashLoopWindowMs
        }
    }

    private func spawnTransfer() {
        do {
            let pid = try spawner.spawn(subcommand: "transfer", arguments: ["--supervised"], descriptors: [])
            scoreboard.set(.transferPID, Int64(pid))
            children[pid] = ChildRecord(kind: .transfer, startedMs: lectern_monotonic_ms())
        } catch {
            logger.error("cannot start transfer child", metadata: ["error": "\(error)"])
            transferRespawnAtMs = lectern_monotonic_ms() + 5_000
        }
    }
}
