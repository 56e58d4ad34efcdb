import CLecternSys
import Glibc

/// A consistent-enough reading of the scoreboard for the status page and `/metrics`.
public struct PoolStatus: Sendable {
    public struct Worker: Sendable {
        public var pid: Int64
        public var state: WorkerState
        public var generation: Int64
        public var requests: Int64
        /// Milliseconds the current request has been running, when busy.
        public var currentRequestMs: Int64?
        public var lastRequestUs: Int64
        public var startedAt: Int64
    }

    public var masterPID: Int64
    public var masterAlive: Bool
    public var startTime: Int64
    public var generation: Int64
    public var configuredWorkers: Int64
    public var acceptedRequests: Int64
    public var maxActiveWorkers: Int64
    public var slowRequests: Int64
    public var workerRestarts: Int64
    /// Connections waiting in the listen queue; `nil` when the kernel does not say (Unix sockets).
    public var listenQueue: Int64?
    public var transferPID: Int64
    public var transferRestarts: Int64
    public var workers: [Worker]

    public var activeWorkers: Int { workers.filter { $0.state == .busy }.count }
    public var idleWorkers: Int { workers.filter { $0.state == .idle }.count }
}

extension Scoreboard {
    /// Reads every field once.
    public func status() -> PoolStatus {
        let now = lectern_monotonic_ms()
        var workers: [PoolStatus.Worker] = []
        for slot in 0..<slotCount {
            let pid = get(slot: slot, .pid)
            guard pid > 0, let state = WorkerState(rawValue: get(slot: slot, .state)), state != .empty else { continue }
            let started = get(slot: slot, .requestStartedMs)
            workers.append(PoolStatus.Worker(
                pid: pid, state: state, generation: get(slot: slot, .generation),
                requests: get(slot: slot, .requestsServed),
                currentRequestMs: state == .busy && started > 0 ? now - started : nil,
                lastRequestUs: get(slot: slot, .lastDurationUs),
                startedAt: get(slot: slot, .startedAtEpoch)))
        }
        let masterPID = get(.masterPID)
        let queue = get(.listenQueue)
        return PoolStatus(
            masterPID: masterPID, masterAlive: masterPID > 0 && kill(pid_t(masterPID), 0) == 0,
            startTime: get(.startTime), generation: get(.generation),
            configuredWorkers: get(.configuredWorkers), acceptedRequests: get(.acceptedRequests),
            maxActiveWorkers: get(.maxActive), slowRequests: get(.slowRequests),
            workerRestarts: get(.workerRestarts), listenQueue: queue >= 0 ? queue : nil,
            transferPID: get(.transferPID), transferRestarts: get(.transferRestarts), workers: workers)
    }
}
