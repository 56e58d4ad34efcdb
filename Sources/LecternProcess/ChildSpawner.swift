import CLecternSys
import Glibc

/// Starts children with `posix_spawn` of the same executable, never `fork`: the master
/// stays single-threaded and a child starts with a clean runtime.
///
/// The listening socket is handed down as descriptor 3 and the scoreboard as 4; every other
/// descriptor of the master is close-on-exec.
public struct ChildSpawner {
    public static let listenFD: Int32 = 3

    /// The executable to run; re-resolved at every spawn so that a deploy that switched the
    /// `current` symlink is picked up by the next generation.
    public var executable: String
    /// Arguments every child gets after its subcommand (for instance `--config FILE`).
    public var commonArguments: [String]

    public init(executable: String, commonArguments: [String]) {
        self.executable = executable
        self.commonArguments = commonArguments
    }

    /// Moves a descriptor to 10 or above (close-on-exec), so that the `dup2` to 3 or 4 in the
    /// child can never be a no-op that keeps the close-on-exec flag.
    static func moveAboveInheritedRange(_ fd: Int32) throws -> Int32 {
        guard fd < 10 else {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            return fd
        }
        let moved = fcntl(fd, F_DUPFD_CLOEXEC, 10)
        guard moved >= 0 else { throw ProcessError.system("fcntl(F_DUPFD_CLOEXEC)", errno) }
        close(fd)
        return moved
    }

    /// Spawns `executable subcommand arguments… commonArguments…` with the given descriptors
    /// mapped to fixed numbers in the child; returns its pid.
    public func spawn(subcommand: String, arguments: [String], descriptors: [(from: Int32, to: Int32)]) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for mapping in descriptors {
            posix_spawn_file_actions_adddup2(&actions, mapping.from, mapping.to)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = [executable, subcommand] + arguments + commonArguments
        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) }
        cArguments.append(nil)
        defer { cArguments.forEach { free($0) } }

        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, cArguments, Glibc.environ)
        guard result == 0 else { throw ProcessError.system("posix_spawn \(executable)", result) }
        return pid
    }
}
