/// What a scoreboard slot's worker is doing.
public enum WorkerState: Int64, Sendable {
    case empty = 0, starting, idle, busy, stopping

    public var name: String {
        switch self {
        case .empty: return "empty"
        case .starting: return "starting"
        case .idle: return "idle"
        case .busy: return "busy"
        case .stopping: return "stopping"
        }
    }
}
