import Glibc
import LecternCore

/// The FastCGI listening socket, bound by the master and inherited by every worker.
///
/// Bound here rather than by `FCGX_OpenSocket`, which calls `exit()` on error, so that
/// start-up can report the problem in one line.
public struct ListenSocket {
    public let fd: Int32
    public let address: ListenAddress

    /// Binds and listens; a stale Unix socket file left by a dead master is replaced.
    public static func bind(_ address: ListenAddress, backlog: Int32 = 1024) throws -> ListenSocket {
        switch address {
        case .unix(let path):
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw ProcessError.listen(address.description, errno) }
            var addr = sockaddr_un()
            addr.sun_family = sa_family_t(AF_UNIX)
            let capacity = MemoryLayout.size(ofValue: addr.sun_path)
            guard path.utf8.count < capacity else {
                Glibc.close(fd)
                throw ProcessError.listen(address.description, ENAMETOOLONG)
            }
            withUnsafeMutableBytes(of: &addr.sun_path) { raw in
                raw.copyBytes(from: path.utf8)
            }
            unlink(path)
            let result = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            guard result == 0 else {
                let code = errno
                Glibc.close(fd)
                throw ProcessError.listen(address.description, code)
            }
            // nginx runs as another user; the directory's permissions are the guard.
            chmod(path, 0o666)
            return try finish(fd: fd, address: address, backlog: backlog)
        case .tcp(let host, let port):
            var hints = addrinfo()
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
            var info: UnsafeMutablePointer<addrinfo>?
            let status = getaddrinfo(host, String(port), &hints, &info)
            guard status == 0, let first = info else { throw ProcessError.listen(address.description, EADDRNOTAVAIL) }
            defer { freeaddrinfo(info) }
            let fd = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
            guard fd >= 0 else { throw ProcessError.listen(address.description, errno) }
            var one: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            guard Glibc.bind(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else {
                let code = errno
                Glibc.close(fd)
                throw ProcessError.listen(address.description, code)
            }
            return try finish(fd: fd, address: address, backlog: backlog)
        }
    }

    private static func finish(fd: Int32, address: ListenAddress, backlog: Int32) throws -> ListenSocket {
        // Workers wait with pselect and then accept; the loser of a race must not block in accept.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        guard listen(fd, backlog) == 0 else {
            let code = errno
            Glibc.close(fd)
            throw ProcessError.listen(address.description, code)
        }
        return ListenSocket(fd: try ChildSpawner.moveAboveInheritedRange(fd), address: address)
    }

    /// Closes the socket and removes a Unix socket file; the master calls it last.
    public func close() {
        _ = Glibc.close(fd)
        if case .unix(let path) = address { unlink(path) }
    }
}
