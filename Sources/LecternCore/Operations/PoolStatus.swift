/// A consistent-enough reading of the pool's scoreboard for the status page and `/metrics`: a
/// value, so the HTTP layer needs nothing of the process module to show it.
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

        public init(pid: Int64, state: WorkerState, generation: Int64, requests: Int64, currentRequestMs: Int64?,
                    lastRequestUs: Int64, startedAt: Int64) {
            self.pid = pid
            self.state = state
            self.generation = generation
            self.requests = requests
            self.currentRequestMs = currentRequestMs
            self.lastRequestUs = lastRequestUs
            self.startedAt = startedAt
        }
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

    public init(masterPID: Int64, masterAlive: Bool, startTime: Int64, generation: Int64, configuredWorkers: Int64,
                acceptedRequests: Int64, maxActiveWorkers: Int64, slowRequests: Int64, workerRestarts: Int64,
                listenQueue: Int64?, transferPID: Int64, transferRestarts: Int64, workers: [Worker]) {
        self.masterPID = masterPID
        self.masterAlive = masterAlive
        self.startTime = startTime
        self.generation = generation
        self.configuredWorkers = configuredWorkers
        self.acceptedRequests = acceptedRequests
        self.maxActiveWorkers = maxActiveWorkers
        self.slowRequests = slowRequests
        self.workerRestarts = workerRestarts
        self.listenQueue = listenQueue
        self.transferPID = transferPID
        self.transferRestarts = transferRestarts
        self.workers = workers
    }

    public var activeWorkers: Int { workers.filter { $0.state == .busy }.count }
    public var idleWorkers: Int { workers.filter { $0.state == .idle }.count }
}
