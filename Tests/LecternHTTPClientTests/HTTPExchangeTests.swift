@testable import LecternHTTPClient
import XCTest

final class HTTPExchangeTests: XCTestCase {
    struct SinkFull: Error, Equatable {}

    func feed(_ exchange: HTTPExchange, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { exchange.receive(body: $0) }
    }

    func testWithoutASinkEveryBodyIsKept() {
        let exchange = HTTPExchange()
        exchange.receive(headerLine: "HTTP/1.1 500 Oops\r\n")
        XCTAssertTrue(feed(exchange, [1, 2]))
        XCTAssertTrue(feed(exchange, [3]))
        XCTAssertEqual(exchange.body, [1, 2, 3])
    }

    func testASuccessfulBodyGoesToTheSinkOnly() {
        var received: [UInt8] = []
        let exchange = HTTPExchange(sink: { received.append(contentsOf: $0) })
        for line in ["HTTP/1.1 302 Found\r\n", "\r\n", "HTTP/1.1 200 OK\r\n", "\r\n"] {
            exchange.receive(headerLine: line)
        }
        XCTAssertTrue(feed(exchange, [1, 2]))
        XCTAssertTrue(feed(exchange, [3]))
        XCTAssertEqual(received, [1, 2, 3])
        XCTAssertEqual(exchange.body, [])
    }

    func testAnErrorBodyIsKeptUpToTheLimitAndNeverSunk() {
        var sunk = 0
        let exchange = HTTPExchange(sink: { sunk += $0.count })
        exchange.receive(headerLine: "HTTP/1.1 200 OK\r\n")
        exchange.receive(headerLine: "HTTP/1.1 403 Forbidden\r\n")
        let piece = [UInt8](repeating: 7, count: 40 * 1024)
        XCTAssertTrue(feed(exchange, piece))
        XCTAssertTrue(feed(exchange, piece))
        XCTAssertEqual(exchange.body.count, HTTPExchange.errorBodyLimit)
        XCTAssertEqual(sunk, 0)
    }

    func testASinkErrorAbortsAndIsKept() {
        let exchange = HTTPExchange(sink: { _ in throw SinkFull() })
        exchange.receive(headerLine: "HTTP/2 206\r\n")
        XCTAssertFalse(feed(exchange, [1]))
        XCTAssertEqual(exchange.sinkError as? SinkFull, SinkFull())
    }

    func testTheHeadComesOnceBeforeTheFirstByteAndCanRefuse() {
        var heads: [Int] = []
        var received = 0
        let exchange = HTTPExchange(onHead: { heads.append($0.status) }, sink: { received += $0.count })
        for line in ["HTTP/1.1 302 Found\r\n", "Location: /x\r\n", "HTTP/1.1 206 Partial Content\r\n",
                     "Content-Range: bytes 2-3/4\r\n"] {
            exchange.receive(headerLine: line)
        }
        XCTAssertTrue(feed(exchange, [1]))
        XCTAssertTrue(feed(exchange, [2]))
        XCTAssertEqual(heads, [206])
        XCTAssertEqual(received, 2)

        let refusing = HTTPExchange(onHead: { _ in throw SinkFull() }, sink: { _ in XCTFail("no body after a refusal") })
        refusing.receive(headerLine: "HTTP/1.1 200 OK\r\n")
        XCTAssertFalse(feed(refusing, [1]))
        XCTAssertEqual(refusing.sinkError as? SinkFull, SinkFull())
    }
}
