import Glibc
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

    func testRejectsAFileThatIsNotAScoreboard() throws {
        FileManager.default.createFile(atPath: path, contents: Data(repeating: 7, count: 4096))
        XCTAssertThrowsError(try Scoreboard.openForReading(path: path))
    }
}
