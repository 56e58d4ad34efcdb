import Foundation
import LecternCrypto
import LecternSim
import XCTest

/// Drive permissions (create, list with pages and inheritance, delete, refusals on demand) and
/// `alt=media` downloads with `Range`.
final class SimSharingTests: SimTestCase {
    var drive = ""

    override func setUpWithError() throws {
        try super.setUpWithError()
        XCTAssertEqual(send("POST", "/_sim/google/service-accounts", json: TestServiceAccount().json).status, 201)
        let account = TestServiceAccount()
        let granted = send("POST", "/token", body: Array(TestServiceAccount.form(
            try account.assertion(claims: account.claims(now: now))).utf8))
        drive = try XCTUnwrap(try object(granted)["access_token"] as? String)
    }

    func folder(_ name: String, in parent: String = "sim-root-folder") throws -> String {
        let body = try JSONSerialization.data(withJSONObject: ["name": name, "mimeType": "application/vnd.google-apps.folder",
                                                               "parents": [parent]])
        return try XCTUnwrap(try object(send("POST", "/drive/v3/files?supportsAllDrives=true", token: drive, body: Array(body)))["id"]
            as? String)
    }

    func share(_ fileID: String, with email: String) -> SimResponse {
        send("POST", "/drive/v3/files/\(fileID)/permissions?supportsAllDrives=true&sendNotificationEmail=false",
             token: drive, json: #"{"type":"user","role":"reader","emailAddress":"\#(email)"}"#)
    }

    func page(_ fileID: String, token pageToken: String? = nil) throws -> [String: Any] {
        let response = send("GET", "/drive/v3/files/\(fileID)/permissions?supportsAllDrives=true"
                                + (pageToken.map { "&pageToken=\($0)" } ?? ""), token: drive)
        XCTAssertEqual(response.status, 200)
        return try object(response)
    }

    func testAPersonHasOnePermissionIDOnEveryFileAndSharingTwiceAnswersTheSame() throws {
        let a = try folder("A"), b = try folder("B")
        let first = try object(share(a, with: "s@school.example"))["id"] as? String
        XCTAssertEqual(try object(share(a, with: "s@school.example"))["id"] as? String, first)
        XCTAssertEqual(try object(share(b, with: "S@school.example"))["id"] as? String, first)
        XCTAssertEqual((try page(a)["permissions"] as? [[String: Any]])?.filter { $0["emailAddress"] as? String == "s@school.example" }.count, 1)
    }

    func testListingIsPagedAndMarksInheritedPermissions() throws {
        let parent = try folder("Group"), child = try folder("Lesson", in: parent)
        for index in 0..<150 { XCTAssertEqual(share(parent, with: "p\(index)@x.example").status, 200) }
        XCTAssertEqual(share(child, with: "direct@x.example").status, 200)
        var all: [[String: Any]] = []
        var next: String?
        var pages = 0
        repeat {
            let body = try page(child, token: next)
            let permissions = try XCTUnwrap(body["permissions"] as? [[String: Any]])
            XCTAssertLessThanOrEqual(permissions.count, 100)
            all += permissions
            next = body["nextPageToken"] as? String
            pages += 1
        } while next != nil
        XCTAssertEqual(pages, 2)
        XCTAssertEqual(all.count, 152)  // direct + 150 from the parent + the service account's membership
        func inherited(_ permission: [String: Any]) -> Bool? {
            ((permission["permissionDetails"] as? [[String: Any]])?.first?["inherited"]) as? Bool
        }
        XCTAssertEqual(all.filter { inherited($0) == false }.map { $0["emailAddress"] as? String }, ["direct@x.example"])
    }

    func testDeleteAndRefusalsInGooglesShape() throws {
        let group = try folder("G")
        let id = try XCTUnwrap(try object(share(group, with: "a@x.example"))["id"] as? String)
        XCTAssertEqual(send("DELETE", "/drive/v3/files/\(group)/permissions/\(id)?supportsAllDrives=true", token: drive).status, 204)
        XCTAssertEqual(send("DELETE", "/drive/v3/files/\(group)/permissions/\(id)?supportsAllDrives=true", token: drive).status, 404)
        XCTAssertEqual(send("POST", "/_sim/drive/permission-refusals", json: #"{"email":"nobody@x.example"}"#).status, 204)
        let refused = share(group, with: "nobody@x.example")
        XCTAssertEqual(refused.status, 403)
        let error = try XCTUnwrap(try object(refused)["error"] as? [String: Any])
        XCTAssertEqual((error["errors"] as? [[String: Any]])?.first?["reason"] as? String, "cannotShareTeamDriveWithNonGoogleAccounts")
        XCTAssertTrue((error["message"] as? String ?? "").contains("isn't a Google account"))
        XCTAssertEqual(share(group, with: "a@x.example").status, 200)
        XCTAssertEqual(send("GET", "/drive/v3/files/\(group)/permissions", token: drive).status, 404,
                       "shared-drive items need supportsAllDrives=true")
    }

    func testMediaServesTheFilesBytesWithRangesAndItsType() throws {
        let made = send("POST", "/_sim/drive/files", json: #"{"name":"v.mp4","mimeType":"video/mp4","size":300000}"#)
        XCTAssertEqual(made.status, 201)
        let file = try object(made)
        let id = try XCTUnwrap(file["id"] as? String)
        let whole = send("GET", "/drive/v3/files/\(id)?alt=media&supportsAllDrives=true", token: drive)
        XCTAssertEqual(whole.status, 200)
        XCTAssertEqual(whole.header("Content-Type"), "video/mp4")
        let bytes = try XCTUnwrap(whole.stream).bytes(count: 300_000)
        XCTAssertEqual(bytes.count, 300_000)
        let md5 = MD5Stream()
        bytes.withUnsafeBytes { md5.update($0) }
        XCTAssertEqual(md5.finalizeHex(), file["md5Checksum"] as? String)
        let part = send("GET", "/drive/v3/files/\(id)?alt=media&supportsAllDrives=true", token: drive,
                        headers: ["range": "bytes=70000-70099"])
        XCTAssertEqual(part.status, 206)
        XCTAssertEqual(part.header("Content-Range"), "bytes 70000-70099/300000")
        XCTAssertEqual(try XCTUnwrap(part.stream).bytes(count: 100), Array(bytes[70_000..<70_100]))
        XCTAssertEqual(send("GET", "/drive/v3/files/\(id)?alt=media&supportsAllDrives=true", token: drive,
                            headers: ["range": "bytes=300000-"]).status, 416)
        XCTAssertEqual(send("GET", "/drive/v3/files/\(id)?alt=media&supportsAllDrives=true").status, 401)
    }
}
