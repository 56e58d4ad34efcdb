import CLecternSys
import Glibc

/// Write end of the master's self-pipe; the only thing its signal handler touches.
private var signalPipeWriteFD: Int32 = -1

/// The self-pipe trick, as php-fpm's `fpm_signals.c` does it: the handler only writes the
/// signal number as one byte, and the event loop reads and acts on it.
final class SignalPipe {
    let readFD: Int32

    init(signals: [Int32]) throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw ProcessError.system("pipe", errno) }
        for fd in fds {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        readFD = fds[0]
        signalPipeWriteFD = fds[1]
        for signal in signals {
            _ = lectern_install_handler(signal, { number in
                let saved = errno
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(signalPipeWriteFD, &byte, 1)
                errno = saved
            }, 1)
        }
    }

    /// Waits up to `timeoutMs` for signals and returns those that arrived, in order.
    func wait(timeoutMs: Int32) -> [Int32] {
        var pollFD = pollfd(fd: readFD, events: Int16(POLLIN), revents: 0)
        guard poll(&pollFD, 1, timeoutMs) > 0 else { return [] }
        var received: [Int32] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let count = read(readFD, &buffer, buffer.count)
            guard count > 0 else { break }
            received.append(contentsOf: buffer[0..<count].map { Int32($0) })
        }
        return received
    }
}
