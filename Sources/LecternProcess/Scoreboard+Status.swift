import CLecternSys
import Glibc
import LecternCore

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
