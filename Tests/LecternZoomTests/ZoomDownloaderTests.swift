import Foundation
import LecternCore
import LecternHTTPClient
@testable import LecternZoom
import XCTest

/// The downloader's URL rules, against a transport that answers from a script and records
/// every request: a URL or redirect the rules refuse is never sent, and the token goes to
/// the first host only.
final class ZoomDownloaderTests: XCTestCase {
    final class ScriptedStream: HTTPStreamingTransport {
        var answers: [HTTPClientResponse]
        var requests: [HTTPClientRequest] = []

        init(_ answers: [HTTPClientResponse]) {
            self.answers = answers
        }

        func send(_ request: HTTPClientRequest) throws -> HTTPClientResponse {
            try stream(request, followRedirects: false, head: { _ in }, into: { _ in })
        }

        func stream(_ request: HTTPClientRequest, followRedirects: Bool, head: (HTTPClientResponse) throws -> Void,
                    into sink: (UnsafeRawBufferPointer) throws -> Void) throws -> HTTPClientResponse {
            XCTAssertFalse(followRedirects, "each redirect is checked by the downloader")
            requests.append(request)
            var answer = answers.removeFirst()
            guard answer.isSuccess else { return answer }
            try head(HTTPClientResponse(status: answer.status, headers: answer.headers))
            try answer.body.withUnsafeBytes { try sink($0) }
            answer.body = []
            return answer
        }
    }

    private let policy = DownloadHostPolicy(patterns: ["zoom.us", "*.zoom.us"])

    private func download(_ url: String, _ transport: ScriptedStream, expectedSize: Int64 = 4) throws -> [UInt8] {
        var bytes: [UInt8] = []
        let receiver = ZoomDownloader.Receiver(restart: { bytes = [] }, append: { bytes += $0 })
        try ZoomDownloader(transport: transport, hosts: policy)
            .download(url: url, token: "app-token", resumeFrom: 0, expectedSize: expectedSize, into: receiver)
        return bytes
    }

    private static func file(_ body: String) -> HTTPClientResponse {
        HTTPClientResponse(status: 200, headers: [("Content-Type", "video/mp4")], body: Array(body.utf8))
    }

    private static func redirect(_ location: String) -> HTTPClientResponse {
        HTTPClientResponse(status: 302, headers: [("Location", location)])
    }

    private func authorization(_ request: HTTPClientRequest) -> String? {
        request.headers.first { $0.name.lowercased() == "authorization" }?.value
    }

    func testAURLOffTheListIsNeverFetched() {
        let transport = ScriptedStream([Self.file("evil")])
        for url in ["http://127.0.0.2:8080/rec/download/a", "https://evil.example/rec", "http://zoom.us/rec"] {
            XCTAssertThrowsError(try download(url, transport)) { error in
                guard case ZoomDownloadError.forbiddenURL = error else { return XCTFail("\(error)") }
                XCTAssertFalse((error as? ZoomDownloadError)?.isTransient ?? true)
            }
        }
        XCTAssertTrue(transport.requests.isEmpty)
    }

    func testARedirectIsFollowedWithoutTheToken() throws {
        let transport = ScriptedStream([Self.redirect("https://storage.example/f?sig=1"), Self.file("data")])
        XCTAssertEqual(try download("https://us06web.zoom.us/rec/download/a", transport), Array("data".utf8))
        XCTAssertEqual(transport.requests.map(\.url), ["https://us06web.zoom.us/rec/download/a",
                                                       "https://storage.example/f?sig=1"])
        XCTAssertEqual(authorization(transport.requests[0]), "Bearer app-token")
        XCTAssertNil(authorization(transport.requests[1]))
    }

    func testARelativeRedirectOnTheSameHostStillCarriesNoToken() throws {
        let transport = ScriptedStream([Self.redirect("/rec/file/a"), Self.file("data")])
        _ = try download("https://zoom.us/rec/download/a", transport)
        XCTAssertEqual(transport.requests.last?.url, "https://zoom.us/rec/file/a")
        XCTAssertNil(authorization(transport.requests[1]))
    }

    func testARedirectToPlainHTTPElsewhereIsRefused() {
        let transport = ScriptedStream([Self.redirect("http://169.254.169.254/latest/meta-data"), Self.file("x")])
        XCTAssertThrowsError(try download("https://zoom.us/rec/download/a", transport)) { error in
            guard case ZoomDownloadError.forbiddenURL = error else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(transport.requests.count, 1)
    }

    func testEndlessRedirectsEnd() {
        let transport = ScriptedStream((0..<10).map { Self.redirect("https://zoom.us/loop/\($0)") })
        XCTAssertThrowsError(try download("https://zoom.us/rec/download/a", transport))
        XCTAssertEqual(transport.requests.count, 6)
    }
}
