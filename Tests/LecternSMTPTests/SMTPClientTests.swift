import Foundation
import LecternCore
@testable import LecternSMTP
import XCTest

/// The libcurl side without a server: failures come back as ``SMTPError`` without the password.
/// (A real exchange is covered by Tests/Integration/test_notifications.py.)
final class SMTPClientTests: XCTestCase {
    /// A loopback port nothing listens on: bound, then closed.
    private func closedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        XCTAssertGreaterThanOrEqual(fd, 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                guard bind(fd, pointer, length) == 0 else { return -1 }
                return getsockname(fd, pointer, &length)
            }
        }
        XCTAssertEqual(bound, 0)
        return Int(UInt16(bigEndian: address.sin_port))
    }

    func testAServerThatIsDownIsATransportErrorWithoutThePassword() throws {
        let port = try closedPort()
        let server = try SMTPServerURL(parsing: "smtp://mailer:s3cr%40t-pw@127.0.0.1:\(port)")
        let client = SMTPClient(server: server, connectTimeout: 5, totalTimeout: 10)
        let message = Array("Subject: hi\r\n\r\nbody\r\n".utf8)
        XCTAssertThrowsError(try client.send(from: try MailAddress("a@school.test"), to: [try MailAddress("b@school.test")],
                                             message: message)) { error in
            guard let error = error as? SMTPError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.curlCode, 7, "\(error)")  // CURLE_COULDNT_CONNECT
            XCTAssertNil(error.replyCode)
            XCTAssertFalse("\(error)".contains("s3cr"), "\(error)")
        }
    }

    func testErrorTextIsScrubbedOfThePassword() throws {
        let client = SMTPClient(server: try SMTPServerURL(parsing: "smtps://mailer:p%2Fss%20word@mail.school.test"))
        XCTAssertEqual(client.scrubbed("login p/ss word refused"), "login *** refused")
        XCTAssertEqual(client.scrubbed("url smtps://mailer:p%2Fss%20word@x"), "url smtps://mailer:***@x")
        XCTAssertEqual(client.scrubbed("nothing here"), "nothing here")
    }

    func testRequiredSTARTTLSThatTheServerDoesNotOfferFailsBeforeAnyCredentialOrMail() throws {
        let server = try ScriptedServer()
        let url = try SMTPServerURL(parsing: "smtp://mailer:secret-pw@127.0.0.1:\(server.port)?starttls")
        let client = SMTPClient(server: url, connectTimeout: 5, totalTimeout: 10)
        XCTAssertThrowsError(try client.send(from: try MailAddress("a@school.test"), to: [try MailAddress("b@school.test")],
                                             message: Array("Subject: hi\r\n\r\nbody\r\n".utf8))) { error in
            XCTAssertEqual((error as? SMTPError)?.curlCode, 64, "\(error)")  // CURLE_USE_SSL_FAILED
        }
        server.wait()
        let commands = server.received.map { $0.split(separator: " ").first.map(String.init)?.uppercased() ?? "" }
        XCTAssertEqual(commands.first, "EHLO", "\(server.received)")
        XCTAssertFalse(commands.contains("AUTH") || commands.contains("MAIL") || commands.contains("DATA"), "\(server.received)")
        XCTAssertFalse(server.received.joined().contains("secret"))
    }
}

/// A one-connection SMTP server on loopback that offers AUTH but not STARTTLS and records
/// the lines it receives.
private final class ScriptedServer: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var lines: [String] = []
    private let done = DispatchSemaphore(value: 0)

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let listening = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Bool in
                bind(fd, pointer, length) == 0 && listen(fd, 1) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard listening else {
            close(fd)
            throw POSIXError(.EADDRNOTAVAIL)
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in serve() }
    }

    var received: [String] {
        lock.lock(); defer { lock.unlock() }
        return lines
    }

    func wait() {
        _ = done.wait(timeout: .now() + 10)
    }

    private func serve() {
        defer {
            close(listener)
            done.signal()
        }
        let connection = accept(listener, nil, nil)
        guard connection >= 0 else { return }
        defer { close(connection) }
        func say(_ text: String) { _ = text.utf8CString.withUnsafeBufferPointer { write(connection, $0.baseAddress, $0.count - 1) } }
        say("220 test ESMTP\r\n")
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(connection, &buffer, buffer.count)
            if count <= 0 { return }
            pending += buffer[0..<count]
            while let end = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[..<end], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                pending.removeSubrange(...end)
                lock.lock(); lines.append(line); lock.unlock()
                switch line.split(separator: " ").first?.uppercased() {
                case "EHLO": say("250-test\r\n250-AUTH PLAIN LOGIN\r\n250 SIZE 1000000\r\n")
                case "QUIT":
                    say("221 bye\r\n")
                    return
                default: say("502 not here\r\n")
                }
            }
        }
    }
}
