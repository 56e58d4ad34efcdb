import Glibc
import XCTest
import LecternCore
import CLecternSys
@testable import LecternProcess

final class ListenSocketTests: XCTestCase {
    func testUnixSocketReplacesAStaleFileAndIsAboveTheInheritedRange() throws {
        let path = NSTemporaryDirectory() + "lectern-test-\(getpid()).sock"
        FileManager.default.createFile(atPath: path, contents: Data())
        let socket = try ListenSocket.bind(.unix(path: path))
        XCTAssertGreaterThanOrEqual(socket.fd, 10)
        XCTAssertEqual(fcntl(socket.fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC)
        socket.close()
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
    }

    func testErrorsNameTheAddress() {
        XCTAssertThrowsError(try ListenSocket.bind(.unix(path: "/nonexistent-dir/x.sock"))) { error in
            XCTAssertTrue("\(error)".contains("unix:/nonexistent-dir/x.sock"), "\(error)")
        }
    }

    func testTCPListenQueueIsReadable() throws {
        let socket = try ListenSocket.bind(.tcp(host: "127.0.0.1", port: 39_517))
        defer { socket.close() }
        XCTAssertEqual(CLecternSys.lectern_tcp_listen_queue(socket.fd), 0)
    }
}
