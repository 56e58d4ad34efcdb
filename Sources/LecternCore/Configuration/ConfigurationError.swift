/// A setting that is missing or unusable; the description is the one line ops will read.
public enum ConfigurationError: Error, Equatable, CustomStringConvertible {
    case missing(String)
    case invalid(String, String)
    case unreadable(String, String)

    public var description: String {
        switch self {
        case .missing(let name): return "configuration: \(name) is not set"
        case .invalid(let name, let why): return "configuration: \(name) is invalid: \(why)"
        case .unreadable(let path, let why): return "configuration: cannot read \(path): \(why)"
        }
    }
}
