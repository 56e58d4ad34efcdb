import Foundation
@testable import LecternDrive
import LecternTestSupport
import XCTest

final class ServiceAccountKeyTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-sa-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        addTeardownBlock { [directory] in try? FileManager.default.removeItem(at: directory!) }
    }

    func write(_ object: [String: Any]) throws -> String {
        try write(JSONSerialization.data(withJSONObject: object))
    }

    func write(_ data: Data) throws -> String {
        let url = directory.appendingPathComponent("key-\(UUID().uuidString).json")
        try data.write(to: url)
        return url.path
    }

    var googleKeyFile: [String: Any] {
        ["type": "service_account", "project_id": "school", "private_key_id": "kid-1",
         "private_key": RSAKeyPair.shared.privatePEM, "client_email": "lectern@school.iam.gserviceaccount.com",
         "client_id": "1234", "auth_uri": "https://accounts.google.com/o/oauth2/auth",
         "token_uri": "https://oauth2.googleapis.com/token"]
    }

    func testLoadsGooglesKeyFile() throws {
        let key = try ServiceAccountKey(contentsOfFile: write(googleKeyFile))
        XCTAssertEqual(key, ServiceAccountKey(projectID: "school", privateKeyID: "kid-1", privateKey: RSAKeyPair.shared.privatePEM,
                                              clientEmail: "lectern@school.iam.gserviceaccount.com",
                                              tokenURI: "https://oauth2.googleapis.com/token"))
    }

    func testTokenURIIsHonouredAndDefaultsToGoogles() throws {
        var object = googleKeyFile
        object["token_uri"] = "http://127.0.0.1:8089/token"
        XCTAssertEqual(try ServiceAccountKey(contentsOfFile: write(object)).tokenURI, "http://127.0.0.1:8089/token")
        object["token_uri"] = nil
        XCTAssertEqual(try ServiceAccountKey(contentsOfFile: write(object)).tokenURI, "https://oauth2.googleapis.com/token")
    }

    func testErrorsNameTheProblemAndNeverTheKey() throws {
        let secretLine = RSAKeyPair.shared.privatePEM.split(separator: "\n")[1]
        var missing = googleKeyFile
        missing["client_email"] = nil
        var wrongType = googleKeyFile
        wrongType["private_key_id"] = 7
        var notService = googleKeyFile
        notService["type"] = "authorized_user"
        var badKey = googleKeyFile
        badKey["private_key"] = "-----BEGIN PRIVATE KEY-----\n" + secretLine + "\n-----END PRIVATE KEY-----\n"
        let cases: [(String, String)] = [
            (try write(missing), "missing \"client_email\""),
            (try write(wrongType), "\"private_key_id\" has the wrong type"),
            (try write(notService), "\"type\" is not \"service_account\""),
            (try write(badKey), "\"private_key\" is not an unencrypted RSA private key in PEM form"),
            (try write(Data(("{\"private_key\": \"" + secretLine).utf8)), "not a JSON object"),
        ]
        for (path, reason) in cases {
            XCTAssertThrowsError(try ServiceAccountKey(contentsOfFile: path)) { error in
                XCTAssertEqual(error as? ServiceAccountKeyError, .invalid(path: path, reason: reason))
                XCTAssertFalse("\(error)".contains(secretLine))
            }
        }
    }

    func testAMissingFile() {
        let path = directory.appendingPathComponent("absent.json").path
        XCTAssertThrowsError(try ServiceAccountKey(contentsOfFile: path)) { error in
            XCTAssertEqual(error as? ServiceAccountKeyError, .unreadable(path: path, reason: "no such file"))
            XCTAssertEqual("\(error)", "service-account key \(path): no such file")
        }
    }

    func testPrintingAKeyLeavesThePrivateKeyOut() throws {
        let key = try ServiceAccountKey(contentsOfFile: write(googleKeyFile))
        var dumped = ""
        dump(key, to: &dumped)
        for text in ["\(key)", String(reflecting: key), dumped] {
            XCTAssertTrue(text.contains("lectern@school.iam.gserviceaccount.com"), text)
            XCTAssertFalse(text.contains("PRIVATE KEY"), text)
        }
    }
}
