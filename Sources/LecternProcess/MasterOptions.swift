/// How the master runs its pool; plain values with the defaults of SPEC §2.
public struct MasterOptions: Sendable {
    public var workers: Int
    public var maxRequests: Int
    public var requestTimeoutSeconds: Int
    /// How long a stop waits for in-flight requests and the transfer child.
    public var shutdownGraceSeconds = 30
    /// Whether to run the co-packaged transfer child.
    public var runTransferChild = true

    public init(workers: Int, maxRequests: Int, requestTimeoutSeconds: Int) {
        self.workers = workers
        self.maxRequests = maxRequests
        self.requestTimeoutSeconds = requestTimeoutSeconds
    }
}
