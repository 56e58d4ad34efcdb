import Foundation
@testable import LecternCore
import XCTest

final class SMTPServerURLTests: XCTestCase {
    func testAcceptedForms() throws {
        let implicit = try SMTPServerURL(parsing: "smtps://mailer:p%40ss%3Aword@mail.school.test")
        XCTAssertEqual(implicit.security, .implicitTLS)
        XCTAssertEqual(implicit.port, 465)
        XCTAssertEqual(implicit.user, "mailer")
        XCTAssertEqual(implicit.password, "p@ss:word")
        XCTAssertEqual(implicit.transportURL, "smtps://mail.school.test:465")
        XCTAssertEqual(implicit.description, "smtps://mailer:***@mail.school.test:465")

        let submission = try SMTPServerURL(parsing: "smtp://mailer:pw@mail.school.test:587?starttls")
        XCTAssertEqual(submission.security, .startTLS)
        XCTAssertEqual(submission.port, 587)
        XCTAssertEqual(submission.transportURL, "smtp://mail.school.test:587")
        XCTAssertEqual(submission.description, "smtp://mailer:***@mail.school.test:587?starttls")

        let relay = try SMTPServerURL(parsing: "smtp://relay.school.test/lectern.school.test")
        XCTAssertEqual(relay.security, .none)
        XCTAssertEqual(relay.port, 25)
        XCTAssertNil(relay.user)
        XCTAssertEqual(relay.heloName, "lectern.school.test")
        XCTAssertEqual(relay.transportURL, "smtp://relay.school.test:25/lectern.school.test")

        let local = try SMTPServerURL(parsing: "smtp://u:pw@127.0.0.1:2525")
        XCTAssertEqual(local.password, "pw")
        XCTAssertNoThrow(try SMTPServerURL(parsing: "smtp://u:pw@localhost"))
        XCTAssertNoThrow(try SMTPServerURL(parsing: "SMTP://mail.school.test?STARTTLS"))
        XCTAssertEqual(try SMTPServerURL(parsing: "smtp://[::1]:2525").transportURL, "smtp://[::1]:2525")

        let privateCA = try SMTPServerURL(parsing: "smtp://u:pw@relay.school.test:587?starttls&cafile=%2Fetc%2Flectern%2Fca.pem")
        XCTAssertEqual(privateCA.caFile, "/etc/lectern/ca.pem")
        XCTAssertEqual(privateCA.description, "smtp://u:***@relay.school.test:587?starttls&cafile=/etc/lectern/ca.pem")
        XCTAssertEqual(try SMTPServerURL(parsing: "smtps://relay.school.test?cafile=/ca.pem").caFile, "/ca.pem")
    }

    func testRefusedFormsSayWhyWithoutThePassword() {
        let cases = [
            "http://mail.school.test", "mail.school.test:25", "smtp://", "smtp://u:topsecret@mail.school.test",
            "smtps://u:topsecret@mail.school.test?starttls", "smtp://mail.school.test?tls=yes", "smtp://u@mail.school.test",
            "smtp://mail.school.test:70000", "smtp://mail.school.test/a/b", "smtp://mail.school.test?starttls=no",
            "smtp://mail.school.test?cafile=/ca.pem", "smtps://mail.school.test?cafile=",
        ]
        for text in cases {
            XCTAssertThrowsError(try SMTPServerURL(parsing: text), text) { error in
                XCTAssertFalse("\(error)".contains("topsecret"), "\(error)")
                XCTAssertFalse("\(error)".isEmpty)
            }
        }
    }

    func testConfigurationValidatesMailSettings() throws {
        let read: (String) throws -> String = { _ in "smtps://m:filepw@mail.school.test" }
        let none = try Configuration(environment: [:], cores: 1, readFile: read)
        XCTAssertNil(try none.mailSettings())

        let set = try Configuration(environment: ["LECTERN_SMTP_URL": "smtp://127.0.0.1:2525",
                                                  "LECTERN_SMTP_FROM": " Lectern <lectern@school.test> "], cores: 1, readFile: read)
        let mail = try XCTUnwrap(try set.mailSettings())
        XCTAssertEqual(mail.from.address.description, "lectern@school.test")
        XCTAssertEqual(mail.server.port, 2525)

        let fromFile = try Configuration(environment: ["LECTERN_SMTP_URL_FILE": "/secret",
                                                       "LECTERN_SMTP_FROM": "l@school.test"], cores: 1, readFile: read)
        XCTAssertEqual(try fromFile.mailSettings()?.server.password, "filepw")

        let bad: [[String: String]] = [
            ["LECTERN_SMTP_URL": "smtp://u:topsecret@mail.school.test", "LECTERN_SMTP_FROM": "l@school.test"],
            ["LECTERN_SMTP_URL": "smtps://u:topsecret@mail.school.test"],
            ["LECTERN_SMTP_URL": "smtps://u:topsecret@mail.school.test", "LECTERN_SMTP_FROM": "not an address"],
            ["LECTERN_SMTP_FROM": "bad\r\nBcc: x@y.z"],
        ]
        for env in bad {
            XCTAssertThrowsError(try Configuration(environment: env, cores: 1, readFile: read), "\(env)") { error in
                let text = "\(error)"
                XCTAssertTrue(text.contains("LECTERN_SMTP_"), text)
                XCTAssertFalse(text.contains("topsecret"), text)
            }
        }
    }
}
