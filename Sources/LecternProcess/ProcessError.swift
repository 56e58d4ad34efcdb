import Glibc

/// A failed system call in process control, with the call's name and errno text.
public enum ProcessError: Error, CustomStringConvertible {
    case system(String, Int32)
    case listen(String, Int32)
    case scoreboard(String)

    public var description: String {
        switch self {
        case .system(let call, let code): return "\(call) failed: \(String(cString: strerror(code)))"
        case .listen(let address, let code): return "cannot listen on \(address): \(String(cString: strerror(code)))"
        case .scoreboard(let why): return "scoreboard: \(why)"
        }
    }
}
