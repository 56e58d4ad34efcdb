/// Why the service-account key file cannot be used. The text names the file and the problem,
/// never the file's content.
public enum ServiceAccountKeyError: Error, Equatable, CustomStringConvertible {
    /// The file could not be read at all.
    case unreadable(path: String, reason: String)
    /// The file is not a usable service-account key.
    case invalid(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "service-account key \(path): \(reason)"
        case .invalid(let path, let reason): return "service-account key \(path): \(reason)"
        }
    }
}
