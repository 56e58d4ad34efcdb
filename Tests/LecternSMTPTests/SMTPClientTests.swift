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
}
