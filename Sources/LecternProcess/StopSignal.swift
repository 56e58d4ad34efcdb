import CLecternSys
import Glibc

/// Set by SIGQUIT/SIGTERM/SIGINT in a worker or the transfer child; read by their loops.
private let stopFlag: UnsafeMutablePointer<Int64> = {
    let pointer = UnsafeMutablePointer<Int64>.allocate(capacity: 1)
    pointer.initialize(to: 0)
    return pointer
}()

/// A child's graceful-stop request: the handler only sets a flag.
///
/// It is installed with `SA_RESTART`, so that database and HTTP I/O in progress is never cut
/// by it; waits that must wake (a worker's `pselect`, the transfer child's idle sleep) return
/// early on any signal and check ``requested``.
public enum StopSignal {
    public static func install() {
        _ = stopFlag
        for signal in [SIGQUIT, SIGTERM, SIGINT] {
            _ = lectern_install_handler(signal, { _ in lectern_atomic_store(stopFlag, 1) }, 1)
        }
        _ = lectern_ignore_signal(SIGPIPE)
        _ = lectern_ignore_signal(SIGHUP)
        // A child of a master killed with SIGKILL stops too, instead of serving forever.
        _ = lectern_set_parent_death_signal(SIGTERM)
    }

    public static var requested: Bool { lectern_atomic_load(stopFlag) != 0 }
}
