import Foundation
@testable import LecternStore
import LecternTestSupport
import XCTest

/// The Drive folder cache against a real MariaDB: one resolution per path, even when
/// several connections (processes, hosts) ask for it at the same moment.
final class DriveFolderRepositoryTests: XCTestCase {
    private var url: DatabaseURL!

    override func setUpWithError() throws {
        url = try TestDatabase.migrated("folders")
    }

    func testAPathIsResolvedOnceAndThenServedFromTheCache() throws {
        let db = Connection(url: url, logger: TestDatabase.logger)
        defer { db.close() }
        let folders = DriveFolderRepository(db)
        var resolutions = 0
        let first = try folders.folderID(path: "root\nClass 7b") { resolutions += 1; return "folder-1" }
        let again = try folders.folderID(path: "root\nClass 7b") { resolutions += 1; return "folder-2" }
        XCTAssertEqual([first, again], ["folder-1", "folder-1"])
        XCTAssertEqual(resolutions, 1)
        try folders.forget(path: "root\nClass 7b")
        XCTAssertEqual(try folders.folderID(path: "root\nClass 7b") { "folder-3" }, "folder-3")
    }

    func testConcurrentCallersWaitForTheFirstResolution() throws {
        let callers = 6
        let resolutions = LockedBox(0)
        let answers = LockedBox([String]())
        let start = DispatchSemaphore(value: 0)
        let group = DispatchGroup()
        for _ in 0..<callers {
            group.enter()
            Thread.detachNewThread { [url] in
                defer { group.leave() }
                let db = Connection(url: url!, logger: TestDatabase.logger)
                defer { db.close() }
                start.wait()
                let id = try? DriveFolderRepository(db).folderID(path: "root\nShared") {
                    resolutions.withValue { $0 += 1 }
                    // Slow, like a Drive round trip, so that the others arrive meanwhile.
                    Thread.sleep(forTimeInterval: 0.3)
                    return "shared-folder"
                }
                answers.withValue { $0.append(id ?? "error") }
            }
        }
        for _ in 0..<callers { start.signal() }
        XCTAssertEqual(group.wait(timeout: .now() + 30), .success)
        XCTAssertEqual(resolutions.withValue { $0 }, 1)
        XCTAssertEqual(answers.withValue { $0 }, Array(repeating: "shared-folder", count: callers))
    }

    func testAFailedResolutionLeavesNothingCached() throws {
        let db = Connection(url: url, logger: TestDatabase.logger)
        defer { db.close() }
        struct DriveDown: Error {}
        XCTAssertThrowsError(try DriveFolderRepository(db).folderID(path: "root\nX") { throw DriveDown() })
        XCTAssertEqual(try DriveFolderRepository(db).folderID(path: "root\nX") { "x" }, "x")
    }
}
