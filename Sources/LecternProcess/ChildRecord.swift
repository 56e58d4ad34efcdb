/// What the master remembers about one child process.
struct ChildRecord {
    enum Kind: Equatable {
        case worker(slot: Int)
        case transfer
    }

    var kind: Kind
    var startedMs: Int64
    /// Asked to stop (an older generation, or the pool is stopping); not replaced when it exits.
    var retiring = false
    var lastStopSignalMs: Int64 = 0
}
