import CLecternSys
import Glibc

/// Set by SIGQUIT/SIGTERM/SIGINT in a worker or the transfer child; read by their loops.
private let stopFlag: UnsafeMutablePointer<Int64> = {
    let pointer = UnsafeMutablePointer<Int64>.allocate(capacity: 1)
    pointer.initialize(to: 0)
    return pointer
}()

/// A child's graceful-stop request. The handler is installed without `SA_RESTART`, so a
/// process blocked in `accept` or `poll` wakes with `EINTR` and sees the flag.
public enum StopSignal {
    public static func install() {
        _ = stopFlag
        for signal in [SIGQUIT, SIGTERM, SIGINT] {
            _ = lectern_install_handler(signal, { _ in lectern_atomic_store(stopFlag, 1) }, 0)
        }
        _ = lectern_ignore_signal(SIGPIPE)
        _ = lectern_ignore_signal(SIGHUP)
        // A child of a master killed with SIGKILL stops too, instead of serving forever.
        _ = lectern_set_parent_death_signal(SIGTERM)
    }

    public static var requested: Bool { lectern_atomic_load(stopFlag) != 0 }
}
