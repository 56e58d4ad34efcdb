import Foundation
import LecternHTTPClient
import LecternSim
import XCTest

/// The emulator over real sockets: streamed bodies arrive whole, and cut-short ones are cut.
final class SimServerTests: XCTestCase {
    var app: SimApp!
    var server: SimServer!
    var base = ""

    override func setUpWithError() throws {
        app = try SimApp(defaultApp: SimZoomApp(accountId: "acc", clientId: "cid", clientSecret: "sec"))
        server = SimServer(app: app, threads: 1)
        base = "http://127.0.0.1:\(try server.start(host: "127.0.0.1", port: 0))"
        app.setBaseURL(base)
    }

    override func tearDownWithError() throws {
        try server.stop()
    }

    func send(_ method: String, _ url: String, headers: [(name: String, value: String)] = [],
              body: String? = nil) throws -> HTTPClientResponse {
        try HTTPClient().send(HTTPClientRequest(method: method, url: url, headers: headers, body: body.map { Array($0.utf8) }))
    }

    /// A recorded file of `size` bytes and the URL its bytes are served at.
    func recordedFile(size: Int) throws -> (id: String, url: String) {
        let created = try send("POST", base + "/_sim/recordings", body: """
            {"host_email":"h@s.edu","start_time":"2024-05-01T10:00:00Z","file_types":["MP4"],"file_size":\(size)}
            """)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(created.body)) as? [String: Any])
        let token = try XCTUnwrap(object["download_access_token"] as? String)
        let id = try XCTUnwrap((object["recording_files"] as? [[String: Any]])?.first?["id"] as? String)
        let redirect = try send("GET", base + "/rec/download/\(id)", headers: [("Authorization", "Bearer \(token)")])
        XCTAssertEqual(redirect.status, 302)
        return (id, try XCTUnwrap(redirect.header("Location")))
    }

    func testStreamedDownloadsArriveWholeAndResumable() throws {
        let size = 3 * 1_048_576 + 12_345
        let (_, url) = try recordedFile(size: size)
        let whole = try send("GET", url)
        XCTAssertEqual(whole.status, 200)
        XCTAssertEqual(whole.header("Content-Length"), String(size))
        XCTAssertEqual(whole.body.count, size)
        let tail = try send("GET", url, headers: [("Range", "bytes=1000000-")])
        XCTAssertEqual(tail.status, 206)
        XCTAssertEqual(tail.body, Array(whole.body[1_000_000...]))
        XCTAssertEqual(try send("GET", url).body, whole.body, "the same bytes every time")
    }

    func testACutShortDownloadClosesAfterItsBytes() throws {
        let (_, url) = try recordedFile(size: 1_048_576)
        _ = try send("POST", base + "/_sim/faults", body: #"{"path":"/rec/file/","drop_after_bytes":5000}"#)
        XCTAssertThrowsError(try send("GET", url), "a transfer closed early is an error, not a short file")
        XCTAssertEqual(try send("GET", url).body.count, 1_048_576)
        _ = try send("POST", base + "/_sim/faults", body: #"{"path":"/rec/file/","drop":true}"#)
        XCTAssertThrowsError(try send("GET", url))
    }
}
