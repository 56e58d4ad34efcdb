import Foundation
import LecternCrypto
import LecternSim
import XCTest

/// Drive v3 over the emulated shared drive: files, queries and resumable uploads.
final class SimDriveTests: SimTestCase {
    static let folder = "application/vnd.google-apps.folder"
    static let chunk = 262_144
    var drive = ""

    override func setUpWithError() throws {
        try super.setUpWithError()
        XCTAssertEqual(send("POST", "/_sim/google/service-accounts", json: TestServiceAccount().json).status, 201)
        drive = try grantToken()
    }

    func grantToken() throws -> String {
        let account = TestServiceAccount()
        let granted = send("POST", "/token", body: Array(TestServiceAccount.form(
            try account.assertion(claims: account.claims(now: now))).utf8))
        return try XCTUnwrap(try object(granted)["access_token"] as? String)
    }

    func query(_ q: String, allDrives: Bool = true) -> String {
        let encoded = q.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        return "/drive/v3/files?q=\(encoded)&fields=files(id,name,size,md5Checksum)"
            + (allDrives ? "&supportsAllDrives=true&includeItemsFromAllDrives=true" : "")
    }

    func list(_ q: String) throws -> [[String: Any]] {
        let response = send("GET", query(q), token: drive)
        XCTAssertEqual(response.status, 200, String(decoding: response.body, as: UTF8.self))
        return try XCTUnwrap(try object(response)["files"] as? [[String: Any]])
    }

    func reason(_ response: SimResponse) throws -> String? {
        let error = try XCTUnwrap(try object(response)["error"] as? [String: Any])
        XCTAssertEqual(error["code"] as? Int, response.status)
        return (error["errors"] as? [[String: Any]])?.first?["reason"] as? String
    }

    func createFolder(_ name: String, in parent: String = "sim-root-folder") throws -> String {
        let body = try JSONSerialization.data(withJSONObject: ["name": name, "mimeType": Self.folder, "parents": [parent]])
        let response = send("POST", "/drive/v3/files?supportsAllDrives=true", token: drive, body: Array(body))
        XCTAssertEqual(response.status, 200, String(decoding: response.body, as: UTF8.self))
        return try XCTUnwrap(try object(response)["id"] as? String)
    }

    /// Opens a resumable upload and returns the session path (without the emulator's address).
    func startUpload(_ name: String, in parent: String?, total: Int, zoomFileID: String = "zf-1") throws -> String {
        var metadata: [String: Any] = ["name": name, "mimeType": "video/mp4", "appProperties": ["zoom_file_id": zoomFileID]]
        if let parent { metadata["parents"] = [parent] }
        let response = send("POST", "/upload/drive/v3/files?uploadType=resumable&supportsAllDrives=true&fields=id,name,size,md5Checksum,webViewLink",
                            token: drive, headers: ["x-upload-content-type": "video/mp4",
                                                    "x-upload-content-length": String(total)],
                            body: Array(try JSONSerialization.data(withJSONObject: metadata)))
        XCTAssertEqual(response.status, 200, String(decoding: response.body, as: UTF8.self))
        let location = try XCTUnwrap(response.header("Location"))
        XCTAssertTrue(location.hasPrefix("http://sim.test/upload/drive/v3/files?uploadType=resumable&upload_id="))
        return String(location.dropFirst("http://sim.test".count))
    }

    func put(_ session: String, _ bytes: ArraySlice<UInt8>, at offset: Int, of total: Int) -> SimResponse {
        send("PUT", session, headers: ["content-range": "bytes \(offset)-\(offset + bytes.count - 1)/\(total)"],
             body: Array(bytes))
    }

    func status(_ session: String, of total: Int) -> SimResponse {
        send("PUT", session, headers: ["content-range": "bytes */\(total)"])
    }

    func testDriveNeedsAToken() throws {
        let response = send("GET", "/drive/v3/files/sim-root-folder?supportsAllDrives=true")
        XCTAssertEqual(response.status, 401)
        XCTAssertEqual(try reason(response), "authError")
        XCTAssertEqual(send("GET", query(""), token: "ya29.made-up").status, 401)
    }

    func testSharedDriveItemsNeedSupportsAllDrives() throws {
        let hidden = send("GET", "/drive/v3/files/sim-root-folder", token: drive)
        XCTAssertEqual(hidden.status, 404)
        XCTAssertEqual(try reason(hidden), "notFound")
        XCTAssertEqual((try object(hidden)["error"] as? [String: Any])?["message"] as? String,
                       "File not found: sim-root-folder.")
        let root = try object(send("GET", "/drive/v3/files/sim-root-folder?supportsAllDrives=true", token: drive))
        XCTAssertEqual(root["mimeType"] as? String, Self.folder)
        XCTAssertEqual(root["webViewLink"] as? String, "https://drive.google.com/drive/folders/sim-root-folder")
        XCTAssertNil(root["size"])
        XCTAssertNil(root["md5Checksum"])

        let body = Array(#"{"name":"11A","mimeType":"application/vnd.google-apps.folder","parents":["sim-root-folder"]}"#.utf8)
        XCTAssertEqual(send("POST", "/drive/v3/files", token: drive, body: body).status, 404)
        let id = try createFolder("11A")
        XCTAssertEqual(try list("name = '11A'").compactMap { $0["id"] as? String }, [id])
        let partial = send("GET", query("name = '11A'", allDrives: false) + "&supportsAllDrives=true", token: drive)
        XCTAssertEqual((try object(partial)["files"] as? [[String: Any]])?.count, 0,
                       "listings also need includeItemsFromAllDrives")
        let bare = send("GET", query("name = '11A'", allDrives: false), token: drive)
        XCTAssertEqual((try object(bare)["files"] as? [[String: Any]])?.count, 0)
    }

    func testFoldersAreFoundByTheQueriesLecternSends() throws {
        let group = try createFolder("O'Brien \\ 11A")
        let lesson = try createFolder("Optics", in: group)
        _ = try createFolder("Optics")
        XCTAssertEqual(send("POST", "/drive/v3/files?supportsAllDrives=true", token: drive,
                            body: Array(#"{"name":"x","mimeType":"application/vnd.google-apps.folder","parents":["nope"]}"#.utf8)).status, 404)

        XCTAssertEqual(try list(#"name = 'O\'Brien \\ 11A' and mimeType = 'application/vnd.google-apps.folder' and 'sim-root-folder' in parents and trashed = false"#)
                        .compactMap { $0["id"] as? String }, [group])
        XCTAssertEqual(try list("name = 'Optics' and '\(group)' in parents").compactMap { $0["id"] as? String }, [lesson])
        XCTAssertEqual(try list("name = 'Optics'").count, 2)
        XCTAssertEqual(try list("").count, 3, "everything but the drive's root")

        let trashed = try object(send("PATCH", "/drive/v3/files/\(lesson)?supportsAllDrives=true", token: drive,
                                      body: Array(#"{"trashed":true}"#.utf8)))
        XCTAssertEqual(trashed["trashed"] as? Bool, true)
        XCTAssertEqual(try list("name = 'Optics' and '\(group)' in parents and trashed = false").count, 0)
        XCTAssertEqual(try list("name = 'Optics' and trashed = true").count, 1)
        XCTAssertEqual(send("PATCH", "/drive/v3/files/\(lesson)", token: drive, body: Array(#"{"trashed":false}"#.utf8)).status, 404)
        XCTAssertEqual(send("GET", "/drive/v3/files/nope?supportsAllDrives=true", token: drive).status, 404)
    }

    func testAWholeSharedDriveIsSearchedWithCorporaDrive() throws {
        let folder = try createFolder("11B")
        let session = try startUpload("a.mp4", in: folder, total: 3, zoomFileID: "zf-deep")
        let file = try object(put(session, [1, 2, 3][...], at: 0, of: 3))
        XCTAssertEqual(file["driveId"] as? String, "0ASimSharedDrive")
        let q = "appProperties has { key='zoom_file_id' and value='zf-deep' } and trashed = false"
        let base = query(q)
        let found = send("GET", base + "&corpora=drive&driveId=0ASimSharedDrive", token: drive)
        XCTAssertEqual(found.status, 200)
        XCTAssertEqual((try object(found)["files"] as? [[String: Any]])?.compactMap { $0["id"] as? String },
                       [try XCTUnwrap(file["id"] as? String)])
        XCTAssertEqual(send("GET", base + "&corpora=drive", token: drive).status, 400, "corpora=drive needs driveId")
        XCTAssertEqual(send("GET", base + "&driveId=0ASimSharedDrive", token: drive).status, 400,
                       "driveId needs corpora=drive")
        XCTAssertEqual(send("GET", base + "&corpora=drive&driveId=0Aother", token: drive).status, 404)
    }

    func testUnsupportedQueriesAreRefused() throws {
        for q in ["name contains 'x'", "name = 'x' or trashed = false", "name != 'x'", "'x' in owners",
                  "name = 'unterminated", #"name = 'bad\escape'"#, "trashed = maybe", "name = 'a' and",
                  "fullText contains 'x'", "appProperties has { key='k' }", "name = x"] {
            let response = send("GET", query(q), token: drive)
            XCTAssertEqual(response.status, 400, q)
            XCTAssertEqual(try reason(response), "invalidQuery", q)
        }
    }

    func testResumableUploadReportsWhatItHoldsAndChecksEveryChunk() throws {
        let total = 2 * Self.chunk + 1_000
        let bytes = (0..<total).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) }
        let folder = try createFolder("11A")
        let session = try startUpload("Optics 2025-01-15 10.00 shared_screen_with_speaker_view.mp4", in: folder, total: total)

        let empty = status(session, of: total)
        XCTAssertEqual(empty.status, 308)
        XCTAssertNil(empty.header("Range"), "nothing held yet")
        let first = put(session, bytes[0..<Self.chunk], at: 0, of: total)
        XCTAssertEqual(first.status, 308)
        XCTAssertEqual(first.header("Range"), "bytes=0-262143")

        XCTAssertEqual(put(session, bytes[(2 * Self.chunk)...], at: 2 * Self.chunk, of: total).status, 400, "a gap")
        XCTAssertEqual(put(session, bytes[Self.chunk..<(Self.chunk + 1_000)], at: Self.chunk, of: total).status, 400,
                       "not a multiple of 256 KiB and not the last")
        XCTAssertEqual(send("PUT", session, headers: ["content-range": "bytes 262144-524287/\(total)"], body: [1, 2]).status,
                       400, "the body does not match the range")
        XCTAssertEqual(put(session, bytes[Self.chunk..<(2 * Self.chunk)], at: Self.chunk, of: total + 1).status, 400,
                       "another total")

        let overlap = put(session, bytes[0..<(2 * Self.chunk)], at: 0, of: total)
        XCTAssertEqual(overlap.status, 400, "bytes the server holds already are not sent again")
        XCTAssertEqual(try object(overlap)["error"].flatMap { ($0 as? [String: Any])?["message"] as? String },
                       "The chunk starts at 0 but the server has committed 262144 bytes.")
        XCTAssertEqual(put(session, bytes[Self.chunk..<(2 * Self.chunk)], at: Self.chunk, of: total).status, 308)
        XCTAssertEqual(status(session, of: total).header("Range"), "bytes=0-524287")
        XCTAssertEqual(try list("appProperties has { key='zoom_file_id' and value='zf-1' }").count, 0,
                       "an unfinished upload is not a file")

        let done = put(session, bytes[(2 * Self.chunk)...], at: 2 * Self.chunk, of: total)
        XCTAssertEqual(done.status, 200)
        let file = try object(done)
        let md5 = MD5Stream()
        md5.update(bytes)
        XCTAssertEqual(file["md5Checksum"] as? String, md5.finalizeHex())
        XCTAssertEqual(file["size"] as? String, String(total))
        XCTAssertEqual(file["parents"] as? [String], [folder])
        XCTAssertEqual(file["mimeType"] as? String, "video/mp4")
        XCTAssertEqual(file["appProperties"] as? [String: String], ["zoom_file_id": "zf-1"])
        let id = try XCTUnwrap(file["id"] as? String)
        XCTAssertEqual(file["webViewLink"] as? String, "https://drive.google.com/file/d/\(id)/view")
        XCTAssertEqual(status(session, of: total).status, 200, "a finished session answers with the file")
        XCTAssertEqual(try list("appProperties has {key='zoom_file_id' and value='zf-1'} and '\(folder)' in parents")
                        .compactMap { $0["id"] as? String }, [id])

        let all = try XCTUnwrap(try object(send("GET", "/_sim/drive/files"))["files"] as? [[String: Any]])
        XCTAssertEqual(all.compactMap { $0["id"] as? String }, [folder, id])
        XCTAssertEqual(all.last?["md5Checksum"] as? String, file["md5Checksum"] as? String)
    }

    func testSessionsExpireAndUploadsNeedTheSharedDrive() throws {
        let session = try startUpload("a.mp4", in: "sim-root-folder", total: 10)
        XCTAssertEqual(send("POST", "/_sim/drive/sessions/expire").status, 204)
        let gone = put(session, [UInt8](repeating: 1, count: 10)[...], at: 0, of: 10)
        XCTAssertEqual(gone.status, 404)
        XCTAssertEqual(send("PUT", "/upload/drive/v3/files?uploadType=resumable&upload_id=made-up",
                            headers: ["content-range": "bytes */10"]).status, 404)

        let outside = send("POST", "/upload/drive/v3/files?uploadType=resumable&supportsAllDrives=true", token: drive,
                           body: Array(#"{"name":"a.mp4"}"#.utf8))
        XCTAssertEqual(outside.status, 403)
        XCTAssertEqual(try reason(outside), "storageQuotaExceeded")
        XCTAssertEqual(send("POST", "/upload/drive/v3/files?uploadType=resumable", token: drive,
                            body: Array(#"{"name":"a.mp4","parents":["sim-root-folder"]}"#.utf8)).status, 404)
        XCTAssertEqual(send("POST", "/upload/drive/v3/files?uploadType=resumable&supportsAllDrives=true",
                            body: Array(#"{"name":"a.mp4","parents":["sim-root-folder"]}"#.utf8)).status, 401)

        let whole = try startUpload("b.txt", in: "sim-root-folder", total: 5)
        let single = put(whole, Array("hello".utf8)[...], at: 0, of: 5)
        XCTAssertEqual(single.status, 200, "a small upload may be one last chunk")
        XCTAssertEqual(try object(single)["md5Checksum"] as? String, "5d41402abc4b2a76b9719d911017c592")
    }

    func testAConnectionDroppedMidChunkKeepsOnlyWholeUnits() throws {
        let total = 3 * Self.chunk
        let bytes = [UInt8](repeating: 7, count: total)
        let session = try startUpload("c.mp4", in: "sim-root-folder", total: total)
        XCTAssertEqual(send("POST", "/_sim/faults",
                            json: #"{"method":"PUT","path":"/upload/","drop_after_bytes":400000}"#).status, 201)
        XCTAssertTrue(put(session, bytes[0..<(2 * Self.chunk)], at: 0, of: total).drop)
        XCTAssertEqual(status(session, of: total).header("Range"), "bytes=0-262143")
        XCTAssertEqual(put(session, bytes[Self.chunk...], at: Self.chunk, of: total).status, 200)
    }

    func testAClientThatGoesAwayMidChunkLeavesTheWholeUnitsThatArrived() throws {
        let total = 3 * Self.chunk
        let bytes = [UInt8](repeating: 9, count: total)
        let session = try startUpload("d.mp4", in: "sim-root-folder", total: total)
        let range = ["content-range": "bytes 0-\(2 * Self.chunk - 1)/\(total)"]
        app.handleInterrupted(SimRequest(method: "PUT", uri: session, headers: range,
                                         body: Array(bytes[0..<(Self.chunk + 1_000)])))
        XCTAssertEqual(status(session, of: total).header("Range"), "bytes=0-262143")
        app.handleInterrupted(SimRequest(method: "PUT", uri: session, headers: range, body: Array(bytes[0..<1_000])))
        XCTAssertEqual(status(session, of: total).header("Range"), "bytes=0-262143", "a chunk in the wrong place adds nothing")
        XCTAssertEqual(put(session, bytes[Self.chunk...], at: Self.chunk, of: total).status, 200)
    }

    func testFaultsOnDrivePathsUseGooglesErrorShape() throws {
        XCTAssertEqual(send("POST", "/_sim/faults",
                            json: #"{"path":"/drive/","status":403,"reason":"rateLimitExceeded","retry_after":"3"}"#).status, 201)
        let limited = send("GET", query(""), token: drive)
        XCTAssertEqual(limited.status, 403)
        XCTAssertEqual(limited.header("Retry-After"), "3")
        XCTAssertEqual(try reason(limited), "rateLimitExceeded")
        XCTAssertEqual(send("POST", "/_sim/faults", json: #"{"path":"/upload/","status":503}"#).status, 201)
        let unavailable = send("POST", "/upload/drive/v3/files?uploadType=resumable", token: drive)
        XCTAssertEqual(try reason(unavailable), "backendError")
        XCTAssertEqual(send("GET", query(""), token: drive).status, 200)
    }

    func testDriveStateSurvivesARestartButSessionsDoNot() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sim-state-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        func restart() throws {
            app = try SimApp(defaultApp: SimZoomApp(accountId: "acc", clientId: "cid", clientSecret: "sec"),
                             stateDirectory: directory, driveRootFolderID: "root-2", clock: { [unowned self] in self.now })
            app.setBaseURL("http://sim.test")
        }
        try restart()
        XCTAssertEqual(send("POST", "/_sim/google/service-accounts", json: TestServiceAccount().json).status, 201)
        drive = try grantToken()
        let folder = try createFolder("kept", in: "root-2")
        let session = try startUpload("d.mp4", in: folder, total: 4)
        XCTAssertEqual(send("POST", "/_sim/recordings",
                            json: #"{"host_email":"h@s.edu","start_time":"2023-11-01T10:00:00Z"}"#).status, 201)

        try restart()
        let files = try XCTUnwrap(try object(send("GET", "/_sim/drive/files"))["files"] as? [[String: Any]])
        XCTAssertEqual(files.compactMap { $0["id"] as? String }, [folder])
        XCTAssertEqual((try object(send("GET", "/_sim/recordings"))["files"] as? [[String: Any]])?.count, 3)
        XCTAssertEqual(put(session, [1, 2, 3, 4], at: 0, of: 4).status, 404)
        XCTAssertTrue(try grantToken().hasPrefix("ya29."), "service accounts are kept")
    }
}
