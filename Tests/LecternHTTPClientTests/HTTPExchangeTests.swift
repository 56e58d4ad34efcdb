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
        let exchange = HTTPExchange { received.append(contentsOf: $0) }
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
        let exchange = HTTPExchange { sunk += $0.count }
        exchange.receive(headerLine: "HTTP/1.1 200 OK\r\n")
        exchange.receive(headerLine: "HTTP/1.1 403 Forbidden\r\n")
        let piece = [UInt8](repeating: 7, count: 40 * 1024)
        XCTAssertTrue(feed(exchange, piece))
        XCTAssertTrue(feed(exchange, piece))
        XCTAssertEqual(exchange.body.count, HTTPExchange.errorBodyLimit)
        XCTAssertEqual(sunk, 0)
    }

    func testASinkErrorAbortsAndIsKept() {
        let exchange = HTTPExchange { _ in throw SinkFull() }
        exchange.receive(headerLine: "HTTP/2 206\r\n")
        XCTAssertFalse(feed(exchange, [1]))
        XCTAssertEqual(exchange.sinkError as? SinkFull, SinkFull())
    }
}
