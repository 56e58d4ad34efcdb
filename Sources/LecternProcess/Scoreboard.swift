import CLecternSys
import Glibc
import LecternCore

/// The pool's shared memory, like php-fpm's scoreboard: a header of pool-wide counters and
/// one slot per worker, written by the workers and read by the master, the status page and
/// `lectern status`.
///
/// It is a file mapped shared by every process (children inherit the descriptor as
/// ``inheritedFD``), so that `lectern status` can read it by path too. Every field is an
/// `Int64` accessed atomically.
public final class Scoreboard {
    /// The descriptor number a child finds the scoreboard on.
    public static let inheritedFD: Int32 = 4
    static let magic: Int64 = 0x4C45_4354_0001
    static let headerWords = 16
    static let slotWords = 8

    enum Header: Int {
        case magic = 0, masterPID, startTime, slotCount, acceptedRequests, maxActive, slowRequests,
             workerRestarts, listenQueue, generation, configuredWorkers, transferPID, transferRestarts
    }

    enum SlotField: Int {
        case pid = 0, state, requestStartedMs, requestsServed, generation, startedAtEpoch, lastDurationUs
    }

    public let fd: Int32
    public let slotCount: Int
    private let words: UnsafeMutablePointer<Int64>
    private let byteCount: Int

    /// Creates the file (master only) with room for `slots` workers: a new file of mode 0600,
    /// never one that appeared at the path meanwhile, nor a symlink's target.
    public static func create(path: String, slots: Int) throws -> Scoreboard {
        unlink(path)
        let fd = Glibc.open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ProcessError.scoreboard("cannot create \(path): \(String(cString: strerror(errno)))") }
        let bytes = (headerWords + slots * slotWords) * 8
        guard ftruncate(fd, off_t(bytes)) == 0 else { throw ProcessError.system("ftruncate", errno) }
        let board = try Scoreboard(fd: try ChildSpawner.moveAboveInheritedRange(fd), writable: true)
        board.set(.slotCount, Int64(slots))
        board.set(.masterPID, Int64(getpid()))
        board.set(.startTime, Int64(time(nil)))
        board.set(.listenQueue, -1)
        board.set(.magic, magic)
        return board
    }

    /// Maps an inherited descriptor (workers) or a file opened by path (`lectern status`).
    public init(fd: Int32, writable: Bool) throws {
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size >= Self.headerWords * 8 else {
            throw ProcessError.scoreboard("not a scoreboard")
        }
        byteCount = Int(info.st_size)
        let protection = writable ? (PROT_READ | PROT_WRITE) : PROT_READ
        guard let base = mmap(nil, byteCount, protection, MAP_SHARED, fd, 0), base != MAP_FAILED else {
            throw ProcessError.system("mmap", errno)
        }
        self.fd = fd
        words = base.assumingMemoryBound(to: Int64.self)
        slotCount = (byteCount / 8 - Self.headerWords) / Self.slotWords
    }

    /// Opens the scoreboard of a running master for reading.
    public static func openForReading(path: String) throws -> Scoreboard {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ProcessError.scoreboard("cannot open \(path): \(String(cString: strerror(errno)))") }
        let board = try Scoreboard(fd: fd, writable: false)
        guard board.get(.magic) == magic else { throw ProcessError.scoreboard("\(path) is not a Lectern scoreboard") }
        return board
    }

    deinit {
        munmap(words, byteCount)
    }

    func get(_ field: Header) -> Int64 { lectern_atomic_load(words + field.rawValue) }
    func set(_ field: Header, _ value: Int64) { lectern_atomic_store(words + field.rawValue, value) }
    func add(_ field: Header, _ value: Int64) { _ = lectern_atomic_add(words + field.rawValue, value) }
    func raiseMax(_ field: Header, to value: Int64) { lectern_atomic_max(words + field.rawValue, value) }

    private func slotPointer(_ slot: Int, _ field: SlotField) -> UnsafeMutablePointer<Int64> {
        precondition(slot >= 0 && slot < slotCount)
        return words + Self.headerWords + slot * Self.slotWords + field.rawValue
    }

    func get(slot: Int, _ field: SlotField) -> Int64 { lectern_atomic_load(slotPointer(slot, field)) }
    func set(slot: Int, _ field: SlotField, _ value: Int64) { lectern_atomic_store(slotPointer(slot, field), value) }
    func add(slot: Int, _ field: SlotField, _ value: Int64) { _ = lectern_atomic_add(slotPointer(slot, field), value) }

    /// Counts the slots whose worker is serving a request right now.
    func busyCount() -> Int64 {
        var busy: Int64 = 0
        for slot in 0..<slotCount where get(slot: slot, .state) == WorkerState.busy.rawValue {
            busy += 1
        }
        return busy
    }
}
