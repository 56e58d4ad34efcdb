import Foundation
@testable import LecternCore
import XCTest

final class MailMessageTests: XCTestCase {
    private let date = Date(timeIntervalSince1970: 1_736_935_200)  // Wed, 15 Jan 2025 10:00:00 +0000

    private func message(subject: String = "Recording ready", body: String = "Hello.\nIt is on Drive.",
                         from: String = "Lectern <lectern@school.test>", to: String = "student@school.test") throws -> MailMessage {
        MailMessage(from: try MailMailbox(parsing: from), to: try MailAddress(to), subject: subject, body: body, date: date,
                    messageID: MailMessage.messageID(notificationID: 42, createdAt: date, domain: "school.test"))
    }

    private func text(_ message: MailMessage) throws -> String {
        String(decoding: try message.rendered(), as: UTF8.self)
    }

    /// Header name → unfolded value, and the body.
    private func parse(_ text: String) -> (headers: [(String, String)], body: String) {
        let parts = text.components(separatedBy: "\r\n\r\n")
        let unfolded = parts[0].replacingOccurrences(of: "\r\n ", with: " ")
        let headers = unfolded.components(separatedBy: "\r\n").map { line -> (String, String) in
            let colon = line.firstIndex(of: ":")!
            return (String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
        }
        return (headers, parts.dropFirst().joined(separator: "\r\n\r\n"))
    }

    /// The text of RFC 2047 encoded-words separated by folding white space.
    private func decodeWords(_ value: String) -> String {
        var bytes: [UInt8] = []
        for word in value.split(separator: " ") {
            XCTAssertTrue(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="), String(word))
            XCTAssertLessThanOrEqual(word.count, 75)
            bytes += Data(base64Encoded: String(word.dropFirst(10).dropLast(2)))!
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func testHeadersOfAPlainMessage() throws {
        let (headers, body) = parse(try text(try message()))
        XCTAssertEqual(headers.map(\.0), ["Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "Content-Type",
                                          "Content-Transfer-Encoding", "Auto-Submitted"])
        let values = Dictionary(uniqueKeysWithValues: headers)
        XCTAssertEqual(values["Date"], "Wed, 15 Jan 2025 10:00:00 +0000")
        XCTAssertEqual(values["From"], "Lectern <lectern@school.test>")
        XCTAssertEqual(values["To"], "student@school.test")
        XCTAssertEqual(values["Subject"], "Recording ready")
        XCTAssertEqual(values["Message-ID"], "<lectern.notification.42.1736935200000000@school.test>")
        XCTAssertEqual(values["MIME-Version"], "1.0")
        XCTAssertEqual(values["Content-Type"], "text/plain; charset=utf-8")
        XCTAssertEqual(values["Content-Transfer-Encoding"], "7bit")
        XCTAssertEqual(body, "Hello.\r\nIt is on Drive.\r\n")
    }

    func testEveryLineEndsWithCRLF() throws {
        let bytes = try message(body: "one\ntwo\r\nthree\rfour\n").rendered()
        for (index, byte) in bytes.enumerated() where byte == 0x0A {
            XCTAssertEqual(bytes[index - 1], 0x0D, "bare LF at \(index)")
        }
        for (index, byte) in bytes.enumerated() where byte == 0x0D {
            XCTAssertEqual(bytes[index + 1], 0x0A, "bare CR at \(index)")
        }
        XCTAssertTrue(try text(try message(body: "one\ntwo\r\nthree\rfour\n")).hasSuffix("\r\n\r\none\r\ntwo\r\nthree\r\nfour\r\n"))
    }

    func testANonASCIISubjectIsEncodedWordsThatDecodeToIt() throws {
        let subject = "Запись урока «Алгебра» готова — 録画 ✅"
        let rendered = try text(try message(subject: subject))
        let subjectLines = rendered.components(separatedBy: "\r\n").drop { !$0.hasPrefix("Subject:") }
            .prefix { $0.hasPrefix("Subject:") || $0.hasPrefix(" ") }
        XCTAssertGreaterThan(subjectLines.count, 1, "a long subject is folded")
        for line in subjectLines { XCTAssertLessThanOrEqual(line.utf8.count, 76, line) }
        XCTAssertTrue(rendered.utf8.allSatisfy { $0 < 0x80 }, "headers and a 7bit body stay ASCII")
        let value = Dictionary(uniqueKeysWithValues: parse(rendered).headers)["Subject"]!
        XCTAssertEqual(decodeWords(value), subject)
    }

    func testEncodedWordsNeverSplitACharacter() {
        let text = String(repeating: "é", count: 40) + "👩‍👩‍👧‍👦" + String(repeating: "ж", count: 30)
        let words = EncodedWord.encode(text, firstWordLength: 67)
        XCTAssertLessThanOrEqual(words[0].count, 67)
        for word in words {
            let payload = Data(base64Encoded: String(word.dropFirst(10).dropLast(2)))!
            XCTAssertNotNil(String(data: payload, encoding: .utf8), "each word is whole UTF-8: \(word)")
        }
        XCTAssertEqual(decodeWords(words.joined(separator: " ")), text)
    }

    func testALongASCIISubjectIsFoldedAtSpaces() throws {
        let subject = (1...30).map { "word\($0)" }.joined(separator: " ")
        let rendered = try text(try message(subject: subject))
        let lines = rendered.components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n")
        for line in lines { XCTAssertLessThanOrEqual(line.utf8.count, 78, line) }
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: parse(rendered).headers)["Subject"], subject)
    }

    func testASubjectThatLooksEncodedOrHasOddSpacingIsEncoded() throws {
        for subject in ["=?UTF-8?B?Zm9v?= is not decoded", String(repeating: "a  b ", count: 20)] {
            let value = Dictionary(uniqueKeysWithValues: parse(try text(try message(subject: subject))).headers)["Subject"]!
            XCTAssertEqual(decodeWords(value), subject)
        }
    }

    func testLineBreaksInHeaderValuesAreRefused() throws {
        for subject in ["Hi\r\nBcc: victim@example.com", "Hi\nBcc: x@y.z", "Hi\rX", "nul\u{0}"] {
            XCTAssertThrowsError(try message(subject: subject).rendered()) { error in
                XCTAssertEqual(error as? MailError, .lineBreak(field: "the subject"))
            }
        }
        XCTAssertThrowsError(try MailAddress("a@b.c\r\nBcc: x@y.z")) { error in
            XCTAssertEqual(error as? MailError, .lineBreak(field: "address"))
        }
        XCTAssertThrowsError(try MailMailbox(parsing: "Evil\r\nBcc: x@y.z <a@b.c>"))
        let sneaky = MailMailbox(name: "Evil\nBcc: x@y.z", address: try MailAddress("a@b.c"))
        XCTAssertThrowsError(try MailMessage(from: sneaky, to: try MailAddress("s@b.c"), subject: "s", body: "b", date: date,
                                             messageID: "<1@b.c>").rendered())
        XCTAssertThrowsError(try MailMessage(from: try MailMailbox(parsing: "a@b.c"), to: try MailAddress("s@b.c"), subject: "s",
                                             body: "b", date: date, messageID: "<1@b.c>\r\nBcc: x@y.z").rendered()) { error in
            XCTAssertEqual(error as? MailError, .invalidMessageID)
        }
    }

    func testAddressesAreChecked() throws {
        for good in ["a@b.c", "first.last+tag@mail.school.test", "x_y-z@localhost", "o'neil@school.test"] {
            XCTAssertNoThrow(try MailAddress(good), good)
        }
        for bad in ["", "plain", "a@", "@b.c", "a@@b.c", "a b@c.d", "a@b c.d", "<a@b.c>", "a@b.c,d@e.f", "ä@b.c", "a@-b.c",
                    ".a@b.c", "a..b@c.d", "a@b..c", "\"q\"@b.c", "a@[127.0.0.1]"] {
            XCTAssertThrowsError(try MailAddress(bad), bad)
        }
    }

    func testSenderForms() throws {
        XCTAssertEqual(try MailMailbox(parsing: "lectern@school.test").headerValue(), "lectern@school.test")
        XCTAssertEqual(try MailMailbox(parsing: " <lectern@school.test> ").headerValue(), "lectern@school.test")
        XCTAssertEqual(try MailMailbox(parsing: "\"Lectern, School\" <l@school.test>").headerValue(), "\"Lectern, School\" <l@school.test>")
        XCTAssertEqual(try MailMailbox(parsing: "Say \"hi\" <l@school.test>").headerValue(), "\"Say \\\"hi\\\"\" <l@school.test>")
        let school = try MailMailbox(parsing: "École Lectern <l@school.test>")
        XCTAssertEqual(school.name, "École Lectern")
        let value = try school.headerValue()
        XCTAssertTrue(value.hasSuffix(" <l@school.test>"), value)
        XCTAssertEqual(decodeWords(String(value.dropLast(" <l@school.test>".count))), "École Lectern")
    }

    func testANonASCIIBodyIsBase64WithShortLines() throws {
        let body = "Привет!\nЗапись на Диске.\n"
        let (headers, encoded) = parse(try text(try message(body: body)))
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: headers)["Content-Transfer-Encoding"], "base64")
        XCTAssertEqual(String(decoding: Data(base64Encoded: encoded.replacingOccurrences(of: "\r\n", with: ""))!, as: UTF8.self),
                       "Привет!\r\nЗапись на Диске.")
    }

    func testLongLinesAreNeverSentAsTheyAre() throws {
        let long = String(repeating: "x", count: 5_000)
        let rendered = try text(try message(body: "short\n" + long))
        for line in rendered.components(separatedBy: "\r\n") { XCTAssertLessThanOrEqual(line.utf8.count, 76) }
        let (headers, encoded) = parse(rendered)
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: headers)["Content-Transfer-Encoding"], "base64")
        XCTAssertEqual(String(decoding: Data(base64Encoded: encoded.replacingOccurrences(of: "\r\n", with: ""))!, as: UTF8.self),
                       "short\r\n" + long)
        // 998 is still fine as 7bit.
        let edge = String(repeating: "y", count: 998)
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: parse(try text(try message(body: edge))).headers)["Content-Transfer-Encoding"],
                       "7bit")
    }

    func testDateUsesEnglishNamesWhateverTheLocale() {
        XCTAssertEqual(MailMessage.rfc5322Date(Date(timeIntervalSince1970: 0)), "Thu, 01 Jan 1970 00:00:00 +0000")
        XCTAssertEqual(MailMessage.rfc5322Date(Date(timeIntervalSince1970: 1_709_251_199)), "Thu, 29 Feb 2024 23:59:59 +0000")
    }

    func testSingleLineFlattensEveryKindOfLineBreak() {
        XCTAssertEqual(MailMessage.singleLine("Algebra\r\nBcc: x@y\u{0}\tpart\u{2028}two\u{85}three  "),
                       "Algebra  Bcc: x@y  part two three  ")
        XCTAssertEqual(MailMessage.singleLine("Запись готова "), "Запись готова ")
    }
}
