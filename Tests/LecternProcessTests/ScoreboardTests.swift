import Glibc
import LecternCore
import XCTest
@testable import LecternProcess

final class ScoreboardTests: XCTestCase {
    private var path = ""

    override func setUp() {
        path = NSTemporaryDirectory() + "scoreboard-\(getpid())-\(UUID().uuidString)"
    }

    override func tearDown() {
        unlink(path)
    }

    func testWorkersAndCountersAreVisibleToAReader() throws {
        let board = try Scoreboard.create(path: path, slots: 4)
        board.set(slot: 1, .pid, 4242)
        board.set(slot: 1, .state, WorkerState.busy.rawValue)
        board.set(slot: 1, .generation, 2)
        board.set(slot: 2, .pid, 4343)
        board.set(slot: 2, .state, WorkerState.idle.rawValue)
        board.add(.acceptedRequests, 5)
        board.raiseMax(.maxActive, to: 3)
        board.raiseMax(.maxActive, to: 2)

        let reader = try Scoreboard.openForReading(path: path)
        let status = reader.status()
        XCTAssertEqual(status.masterPID, Int64(getpid()))
        XCTAssertTrue(status.masterAlive)
        XCTAssertEqual(status.acceptedRequests, 5)
        XCTAssertEqual(status.maxActiveWorkers, 3)
        XCTAssertEqual(status.workers.map(\.pid), [4242, 4343])
        XCTAssertEqual(status.activeWorkers, 1)
        XCTAssertEqual(status.idleWorkers, 1)
        XCTAssertNil(status.listenQueue)
        XCTAssertEqual(reader.busyCount(), 1)
    }

    func testTheFileIsNewAndOnlyTheOwnersAndASymlinkIsNotFollowed() throws {
        let target = path + ".target"
        defer { unlink(target) }
        XCTAssertTrue(FileManager.default.createFile(atPath: target, contents: Data("keep".utf8)))
        XCTAssertEqual(symlink(target, path), 0)
        _ = try Scoreboard.create(path: path, slots: 2)
        XCTAssertEqual(try String(contentsOfFile: target, encoding: .utf8), "keep")
        var info = stat()
        XCTAssertEqual(lstat(path, &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFREG)
        XCTAssertEqual(info.st_mode & 0o777, 0o600)
    }

    func testAPrivateDirectoryIsMadeOrAcceptedOnlyWhenPrivate() throws {
        let directory = path + ".dir"
        defer { rmdir(directory); unlink(directory + ".link") }
        try PrivateDirectory.ensure(directory)
        var info = stat()
        XCTAssertEqual(lstat(directory, &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o700)
        try PrivateDirectory.ensure(directory)
        XCTAssertEqual(chmod(directory, 0o777), 0)
        XCTAssertThrowsError(try PrivateDirectory.ensure(directory))
        XCTAssertEqual(chmod(directory, 0o700), 0)
        XCTAssertEqual(symlink(directory, directory + ".link"), 0)
        XCTAssertThrowsError(try PrivateDirectory.ensure(directory + ".link"))
    }

    func testRejectsAFileThatIsNotAScoreboard() throws {
        FileManager.default.createFile(atPath: path, contents: Data(repeating: 7, count: 4096))
        XCTAssertThrowsError(try Scoreboard.openForReading(path: path))
    }
}
