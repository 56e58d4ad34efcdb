import Foundation
import LecternCrypto
import LecternSim
import XCTest

/// Zoom cloud recordings: downloads, listings, trash/delete and their control routes.
final class SimRecordingTests: SimTestCase {
    /// `POST /_sim/recordings`; answers the recording object with its files and a download token.
    func record(host: String = "host@s.edu", start: String = "2023-11-10T09:00:00Z", duration: Int = 45,
                fileTypes: [String]? = nil, fileSize: Int64? = nil) throws -> [String: Any] {
        var body: [String: Any] = ["host_email": host, "topic": "Optics", "start_time": start, "duration": duration]
        if let fileTypes { body["file_types"] = fileTypes }
        if let fileSize { body["file_size"] = fileSize }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
        let response = send("POST", "/_sim/recordings", json: json)
        XCTAssertEqual(response.status, 201, String(decoding: response.body, as: UTF8.self))
        return try object(response)
    }

    func files(_ recording: [String: Any]) -> [[String: Any]] {
        recording["recording_files"] as? [[String: Any]] ?? []
    }

    /// `GET` the emulator's own absolute URL.
    func follow(_ url: String, headers: [String: String] = [:]) -> SimResponse {
        send("GET", String(url.dropFirst("http://sim.test".count)), headers: headers)
    }

    /// A file's content URL, through an authorised download.
    func contentURL(_ id: String, token: String) throws -> String {
        let redirect = send("GET", "/rec/download/\(id)", token: token)
        XCTAssertEqual(redirect.status, 302)
        return try XCTUnwrap(redirect.header("Location"))
    }

    func allBytes(_ response: SimResponse) throws -> [UInt8] {
        let stream = try XCTUnwrap(response.stream)
        return stream.bytes(count: Int(stream.count))
    }

    /// Encodes every character but letters and digits twice, as Zoom wants for awkward UUIDs.
    func doubleEncoded(_ uuid: String) -> String {
        let once = uuid.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        return once.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
    }

    func testDownloadsNeedATokenAndRedirectToTheFile() throws {
        let recording = try record(fileSize: 300_000)
        let downloadToken = try XCTUnwrap(recording["download_access_token"] as? String)
        let file = try XCTUnwrap(files(recording).first)
        let id = try XCTUnwrap(file["id"] as? String)
        XCTAssertEqual(file["file_type"] as? String, "MP4")
        XCTAssertEqual(file["file_size"] as? Int, 300_000)
        XCTAssertEqual(file["download_url"] as? String, "http://sim.test/rec/download/\(id)")

        let anonymous = send("GET", "/rec/download/\(id)")
        XCTAssertEqual(anonymous.status, 401)
        XCTAssertEqual(try object(anonymous)["code"] as? Int, 124)
        XCTAssertEqual(send("GET", "/rec/download/\(id)", token: "made-up").status, 401)
        for bearer in [downloadToken, try token()] {
            XCTAssertTrue(try contentURL(id, token: bearer).hasPrefix("http://sim.test/rec/file/\(id)?expires="))
        }

        let served = follow(try contentURL(id, token: downloadToken))
        XCTAssertEqual(served.status, 200)
        XCTAssertEqual(served.header("Content-Type"), "video/mp4")
        XCTAssertEqual(served.header("Accept-Ranges"), "bytes")
        XCTAssertEqual(served.contentLength, 300_000)
        XCTAssertTrue(served.body.isEmpty, "a download is streamed, not held")
    }

    func testContentIsDeterministicPerFileAndMatchesTheListedMD5() throws {
        let recording = try record(duration: 2, fileSize: 200_000)
        let token = try XCTUnwrap(recording["download_access_token"] as? String)
        let ids = files(recording).compactMap { $0["id"] as? String }
        XCTAssertEqual(files(recording).compactMap { $0["file_type"] as? String }, ["MP4", "M4A", "CHAT"])
        let video = try allBytes(follow(try contentURL(ids[0], token: token)))
        XCTAssertEqual(video.count, 200_000)
        XCTAssertEqual(video, try allBytes(follow(try contentURL(ids[0], token: token))))
        // Each 64 KiB block is the seed XORed with the block number.
        XCTAssertEqual(video[65_536 + 7], video[7] ^ 1)
        XCTAssertEqual(video[2 * 65_536 + 99], video[99] ^ 2)
        let audio = try allBytes(follow(try contentURL(ids[1], token: token)))
        XCTAssertEqual(audio.count, 2 * 65_536)
        XCTAssertNotEqual(Array(audio.prefix(64)), Array(video.prefix(64)))
        XCTAssertEqual(follow(try contentURL(ids[1], token: token)).header("Content-Type"), "audio/mp4")
        XCTAssertEqual(follow(try contentURL(ids[2], token: token)).header("Content-Type"), "text/plain")

        let listed = try XCTUnwrap(try object(send("GET", "/_sim/recordings"))["files"] as? [[String: Any]])
        XCTAssertEqual(listed.count, 3)
        let row = try XCTUnwrap(listed.first { $0["id"] as? String == ids[0] })
        XCTAssertEqual(row["state"] as? String, "available")
        XCTAssertEqual(row["host_email"] as? String, "host@s.edu")
        XCTAssertEqual(row["meeting_uuid"] as? String, recording["uuid"] as? String)
        let md5 = MD5Stream()
        md5.update(video)
        XCTAssertEqual(row["md5"] as? String, md5.finalizeHex())
    }

    func testRangesResumeADownload() throws {
        let recording = try record(fileSize: 300_000)
        let token = try XCTUnwrap(recording["download_access_token"] as? String)
        let id = try XCTUnwrap(files(recording).first?["id"] as? String)
        let url = try contentURL(id, token: token)
        let whole = try allBytes(follow(url))

        let tail = follow(url, headers: ["range": "bytes=70000-"])
        XCTAssertEqual(tail.status, 206)
        XCTAssertEqual(tail.header("Content-Range"), "bytes 70000-299999/300000")
        XCTAssertEqual(try allBytes(tail), Array(whole[70_000...]))
        let middle = follow(url, headers: ["range": "bytes=10-19"])
        XCTAssertEqual(middle.status, 206)
        XCTAssertEqual(try allBytes(middle), Array(whole[10...19]))
        let past = follow(url, headers: ["range": "bytes=300000-"])
        XCTAssertEqual(past.status, 416)
        XCTAssertEqual(past.header("Content-Range"), "bytes */300000")
        XCTAssertEqual(follow(url, headers: ["range": "lines=1-"]).status, 200)
    }

    func testDownloadTokensAndLinksExpire() throws {
        let recording = try record()
        let token = try XCTUnwrap(recording["download_access_token"] as? String)
        let id = try XCTUnwrap(files(recording).first?["id"] as? String)
        let url = try contentURL(id, token: token)
        now = now.addingTimeInterval(3601)
        XCTAssertEqual(follow(url).status, 403, "the CDN link lives an hour")
        XCTAssertEqual(send("GET", "/rec/download/\(id)", token: token).status, 302)
        now = now.addingTimeInterval(24 * 3600)
        XCTAssertEqual(send("GET", "/rec/download/\(id)", token: token).status, 401, "download tokens live 24 h")

        let fresh = try XCTUnwrap(try record()["download_access_token"] as? String)
        XCTAssertEqual(send("POST", "/_sim/tokens/expire").status, 204)
        XCTAssertEqual(send("GET", "/rec/download/\(id)", token: fresh).status, 401)
    }

    func testTrashAndDeleteHideFiles() throws {
        let zoom = try token()
        let recording = try record()
        let uuid = try XCTUnwrap(recording["uuid"] as? String)
        let downloadToken = try XCTUnwrap(recording["download_access_token"] as? String)
        let ids = files(recording).compactMap { $0["id"] as? String }
        let url = try contentURL(ids[0], token: downloadToken)
        let path = "/v2/meetings/\(doubleEncoded(uuid))/recordings"

        XCTAssertEqual(send("DELETE", "\(path)/\(ids[0])?action=trash", token: zoom).status, 204)
        let gone = send("GET", "/rec/download/\(ids[0])", token: downloadToken)
        XCTAssertEqual(gone.status, 404)
        XCTAssertEqual(try object(gone)["code"] as? Int, 3301)
        XCTAssertEqual(follow(url).status, 404)
        let listed = try object(send("GET", path, token: zoom))
        XCTAssertEqual(files(listed).compactMap { $0["id"] as? String }, Array(ids.dropFirst()))
        XCTAssertEqual(listed["recording_count"] as? Int, 2)

        XCTAssertEqual(send("DELETE", "\(path)/\(ids[0])?action=trash", token: zoom).status, 404)
        XCTAssertEqual(send("DELETE", "\(path)/\(ids[0])?action=delete", token: zoom).status, 204, "emptied from the trash")
        XCTAssertEqual(send("DELETE", "\(path)/\(ids[1])?action=delete", token: zoom).status, 204)
        XCTAssertEqual(send("DELETE", "\(path)/\(ids[1])?action=delete", token: zoom).status, 404)
        XCTAssertEqual(send("DELETE", "\(path)/no-such-file?action=trash", token: zoom).status, 404)
        XCTAssertEqual(send("DELETE", "\(path)/\(ids[2])?action=shred", token: zoom).status, 400)
        let states = try XCTUnwrap(try object(send("GET", "/_sim/recordings"))["files"] as? [[String: Any]])
            .compactMap { $0["state"] as? String }
        XCTAssertEqual(states, ["deleted", "deleted", "available"])
        XCTAssertEqual(send("DELETE", "\(path)/\(ids[2])", token: zoom).status, 204, "trash by default")
        let none = send("GET", path, token: zoom)
        XCTAssertEqual(none.status, 404)
        XCTAssertEqual(try object(none)["message"] as? String, "This recording does not exist.")
    }

    func testMeetingRecordingsFollowZoomsUUIDRulesAndIssueTokensOnRequest() throws {
        let zoom = try token()
        let recording = try record()
        let id = try XCTUnwrap(recording["id"] as? Int)
        let uuid = try XCTUnwrap(recording["uuid"] as? String)
        XCTAssertEqual(send("GET", "/v2/meetings/\(doubleEncoded(uuid))/recordings", token: zoom).status, 200)
        let byID = try object(send("GET", "/v2/meetings/\(id)/recordings", token: zoom))
        XCTAssertEqual(byID["uuid"] as? String, uuid)
        XCTAssertEqual(byID["host_email"] as? String, "host@s.edu")
        XCTAssertEqual(byID["start_time"] as? String, "2023-11-10T09:00:00Z")
        XCTAssertEqual(byID["duration"] as? Int, 45)
        XCTAssertNil(byID["download_access_token"])
        XCTAssertEqual(files(byID).first?["status"] as? String, "completed")
        XCTAssertEqual(files(byID).first?["recording_end"] as? String, "2023-11-10T09:45:00Z")

        let withToken = try object(send("GET", "/v2/meetings/\(id)/recordings?include_fields=download_access_token",
                                        token: zoom))
        let fresh = try XCTUnwrap(withToken["download_access_token"] as? String)
        let fileID = try XCTUnwrap(files(withToken).first?["id"] as? String)
        XCTAssertEqual(send("GET", "/rec/download/\(fileID)", token: fresh).status, 302)
        XCTAssertEqual(send("GET", "/v2/meetings/1/recordings", token: zoom).status, 404)
        XCTAssertEqual(send("GET", "/v2/meetings/\(id)/recordings").status, 401)
    }

    func testUUIDsWithDoubleSlashNeedDoubleEncoding() throws {
        let zoom = try token()
        let created = try object(send("POST", "/v2/users/host%40s.edu/meetings", token: zoom,
                                      json: #"{"settings":{"auto_recording":"cloud"}}"#))
        let id = try XCTUnwrap(created["id"] as? Int)
        XCTAssertEqual(send("PATCH", "/_sim/meetings/\(id)", json: #"{"uuid":"/ab//cd=="}"#).status, 200)
        XCTAssertEqual(send("PUT", "/v2/meetings/\(id)/status", token: zoom, json: #"{"action":"end"}"#).status, 204)
        XCTAssertEqual(send("GET", "/v2/meetings/%2Fab%2F%2Fcd%3D%3D/recordings", token: zoom).status, 404)
        let listed = try object(send("GET", "/v2/meetings/%252Fab%252F%252Fcd%253D%253D/recordings", token: zoom))
        XCTAssertEqual(listed["uuid"] as? String, "/ab//cd==")
        let fileID = try XCTUnwrap(files(listed).first?["id"] as? String)
        XCTAssertEqual(send("DELETE", "/v2/meetings/%2Fab%2F%2Fcd%3D%3D/recordings/\(fileID)", token: zoom).status, 404)
        XCTAssertEqual(send("DELETE", "/v2/meetings/%252Fab%252F%252Fcd%253D%253D/recordings/\(fileID)", token: zoom).status, 204)
    }

    func testEndingACloudRecordedMeetingRemembersItsFilesOnce() throws {
        let zoom = try token()
        let created = try object(send("POST", "/v2/users/host%40s.edu/meetings", token: zoom,
                                      json: #"{"topic":"Optics","duration":30,"settings":{"auto_recording":"cloud"}}"#))
        let id = try XCTUnwrap(created["id"] as? Int)
        XCTAssertEqual(send("GET", "/v2/meetings/\(id)/recordings", token: zoom).status, 404)
        XCTAssertEqual(send("PUT", "/v2/meetings/\(id)/status", token: zoom, json: #"{"action":"end"}"#).status, 204)
        let listed = files(try object(send("GET", "/v2/meetings/\(id)/recordings", token: zoom)))
        XCTAssertEqual(listed.compactMap { $0["file_size"] as? Int }, [30 * 1_048_576, 30 * 65_536, 2_048])
        let first = try XCTUnwrap(listed.first?["id"] as? String)
        XCTAssertEqual(send("DELETE", "/v2/meetings/\(id)/recordings/\(first)", token: zoom).status, 204)
        XCTAssertEqual(send("PUT", "/v2/meetings/\(id)/status", token: zoom, json: #"{"action":"end"}"#).status, 204)
        XCTAssertEqual(files(try object(send("GET", "/v2/meetings/\(id)/recordings", token: zoom))).count, 2,
                       "ending again neither duplicates nor restores files")
    }

    func testUserRecordingsArePaginatedWithinAMonth() throws {
        let zoom = try token()
        for day in 1...5 { _ = try record(start: "2023-11-0\(day)T10:00:00Z") }
        _ = try record(start: "2023-10-20T10:00:00Z")
        _ = try record(host: "other@s.edu", start: "2023-11-03T10:00:00Z")
        let base = "/v2/users/host%40s.edu/recordings?from=2023-11-01&to=2023-11-30&page_size=2"
        var starts: [String] = []
        var next = ""
        var pages = 0
        repeat {
            let page = try object(send("GET", base + "&next_page_token=\(next)", token: zoom))
            XCTAssertEqual(page["total_records"] as? Int, 5)
            XCTAssertEqual(page["from"] as? String, "2023-11-01")
            XCTAssertEqual(page["page_size"] as? Int, 2)
            starts += (page["meetings"] as? [[String: Any]] ?? []).compactMap { $0["start_time"] as? String }
            next = page["next_page_token"] as? String ?? ""
            pages += 1
        } while !next.isEmpty
        XCTAssertEqual(pages, 3)
        XCTAssertEqual(starts, (1...5).reversed().map { "2023-11-0\($0)T10:00:00Z" })

        let tooLong = send("GET", "/v2/users/host%40s.edu/recordings?from=2023-10-01&to=2023-11-02", token: zoom)
        XCTAssertEqual(tooLong.status, 400)
        XCTAssertEqual(try object(tooLong)["code"] as? Int, 300)
        let month = try object(send("GET", "/v2/users/host%40s.edu/recordings?from=2023-10-01&to=2023-11-01", token: zoom))
        XCTAssertEqual(month["total_records"] as? Int, 2)
        XCTAssertEqual(send("GET", "/v2/users/host%40s.edu/recordings?from=2023-11-02&to=2023-11-01", token: zoom).status, 400)
        XCTAssertEqual(send("GET", "/v2/users/nobody%40s.edu/recordings", token: zoom).status, 404)

        let first = try object(send("GET", base, token: zoom))
        let token = try XCTUnwrap(first["next_page_token"] as? String)
        now = now.addingTimeInterval(14 * 60)
        XCTAssertEqual(send("GET", base + "&next_page_token=\(token)", token: zoom).status, 200)
        now = now.addingTimeInterval(2 * 60)
        let expired = send("GET", base + "&next_page_token=\(token)", token: try self.token())
        XCTAssertEqual(expired.status, 400)
        XCTAssertEqual(try object(expired)["code"] as? Int, 300)
        XCTAssertEqual(try object(expired)["message"] as? String, "Invalid next_page_token")
    }

    func testATrashedFileCanBeRecovered() throws {
        let zoom = try token()
        let recording = try record()
        let uuid = try XCTUnwrap(recording["uuid"] as? String)
        let id = try XCTUnwrap(files(recording).first?["id"] as? String)
        let path = "/v2/meetings/\(doubleEncoded(uuid))/recordings/\(id)"
        let recover = Array(#"{"action":"recover"}"#.utf8)
        XCTAssertEqual(send("PUT", "\(path)/status", token: zoom, body: recover).status, 404, "not in the trash")
        XCTAssertEqual(send("DELETE", "\(path)?action=trash", token: zoom).status, 204)
        XCTAssertEqual(send("PUT", "\(path)/status", token: zoom, body: Array(#"{"action":"undo"}"#.utf8)).status, 400)
        XCTAssertEqual(send("PUT", "\(path)/status", token: zoom, body: recover).status, 204)
        let listed = try object(send("GET", "/v2/meetings/\(doubleEncoded(uuid))/recordings", token: zoom))
        XCTAssertTrue(files(listed).contains { $0["id"] as? String == id })
    }

    func testTrashListingsShowTrashedFilesOnly() throws {
        let zoom = try token()
        let recording = try record(start: "2023-11-02T10:00:00Z")
        let id = try XCTUnwrap(recording["id"] as? Int)
        let fileID = try XCTUnwrap(files(recording).first?["id"] as? String)
        XCTAssertEqual(send("DELETE", "/v2/meetings/\(id)/recordings/\(fileID)?action=trash", token: zoom).status, 204)
        let range = "from=2023-11-01&to=2023-11-05"
        let trash = try object(send("GET", "/v2/users/host%40s.edu/recordings?\(range)&trash=true", token: zoom))
        let listed = (trash["meetings"] as? [[String: Any]])?.first.map(files) ?? []
        XCTAssertEqual(listed.compactMap { $0["id"] as? String }, [fileID])
        let live = try object(send("GET", "/v2/users/host%40s.edu/recordings?\(range)&trash=false", token: zoom))
        XCTAssertEqual((live["meetings"] as? [[String: Any]])?.first.map(files)?.count, 2)
    }

    func testControlRouteChecksItsInput() throws {
        let recording = try record(fileTypes: ["MP4", "TRANSCRIPT", "TIMELINE"], fileSize: 5)
        XCTAssertEqual(files(recording).compactMap { $0["file_extension"] as? String }, ["MP4", "VTT", "JSON"])
        XCTAssertEqual(files(recording).first?["file_size"] as? Int, 5)
        XCTAssertEqual(send("POST", "/_sim/recordings",
                            json: #"{"host_email":"h@s.edu","start_time":"2023-11-01T10:00:00Z","file_types":["AVI"]}"#).status, 400)
        XCTAssertEqual(send("POST", "/_sim/recordings", json: #"{"host_email":"h@s.edu","start_time":"yesterday"}"#).status, 400)
    }

    func testFaultsCanServeHTMLOrCutADownloadShort() throws {
        let recording = try record(fileSize: 300_000)
        let token = try XCTUnwrap(recording["download_access_token"] as? String)
        let id = try XCTUnwrap(files(recording).first?["id"] as? String)
        let url = try contentURL(id, token: token)
        XCTAssertEqual(send("POST", "/_sim/faults", json: #"{"path":"/rec/file/","html":true}"#).status, 201)
        let page = follow(url)
        XCTAssertEqual(page.status, 200)
        XCTAssertEqual(page.header("Content-Type"), "text/html; charset=utf-8")
        XCTAssertNil(page.stream)

        XCTAssertEqual(send("POST", "/_sim/faults", json: #"{"path":"/rec/file/","drop_after_bytes":1000}"#).status, 201)
        let cut = follow(url)
        XCTAssertEqual(cut.status, 200)
        XCTAssertEqual(cut.contentLength, 300_000, "the head still announces the whole file")
        XCTAssertEqual(cut.dropAfterBytes, 1000)
        XCTAssertNil(follow(url).dropAfterBytes)
    }
}
