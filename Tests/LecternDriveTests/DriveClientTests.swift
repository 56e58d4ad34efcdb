import Foundation
@testable import LecternDrive
import LecternHTTPClient
import LecternTestSupport
import XCTest

final class DriveClientTests: XCTestCase {
    var now = Date(timeIntervalSince1970: 1_700_000_000)
    var sleeps: [TimeInterval] = []
    let tokens = FakeTokenSource()
    let session = "https://www.googleapis.com/upload/drive/v3/files?uploadType=resumable&supportsAllDrives=true&upload_id=SECRET-SESSION"
    static let fileJSON = #"{"id":"f1","name":"a.mp4","size":"524300","md5Checksum":"0cc175b9c0f1b6a831c399e269772661","webViewLink":"https://drive.google.com/file/d/f1/view"}"#
    static let file = DriveFile(id: "f1", name: "a.mp4", size: 524_300, md5Checksum: "0cc175b9c0f1b6a831c399e269772661",
                                webViewLink: "https://drive.google.com/file/d/f1/view")

    func client(_ transport: ScriptedTransport, budget: TimeInterval = 60) -> DriveClient {
        DriveClient(apiBase: "https://www.googleapis.com/", tokens: tokens, transport: transport, budget: budget,
                    clock: { [unowned self] in now }, sleep: { [unowned self] in sleeps.append($0); now += $0 },
                    jitter: { 0.5 })
    }

    func chunk(_ count: Int = DriveClient.chunkGranularity) -> [UInt8] {
        [UInt8](repeating: 1, count: count)
    }

    // MARK: Requests

    func testFindFolderQueriesByNameTypeAndParentInAllDrives() throws {
        let transport = ScriptedTransport([ScriptedTransport.answer(200, #"{"files":[{"id":"d1","name":"10-B's","parents":["root"]}]}"#)])
        let folder = try client(transport).findFolder(named: "10-B's", in: "root")
        XCTAssertEqual(folder, DriveFile(id: "d1", name: "10-B's", parents: ["root"]))
        let request = try XCTUnwrap(transport.requests.first)
        XCTAssertEqual(request.method, "GET")
        XCTAssertTrue(request.url.hasPrefix("https://www.googleapis.com/drive/v3/files?"), request.url)
        XCTAssertEqual(request.queryItems, [
            "supportsAllDrives": "true", "includeItemsFromAllDrives": "true", "orderBy": "createdTime",
            "q": #"name = '10-B\'s' and mimeType = 'application/vnd.google-apps.folder' and 'root' in parents and trashed = false"#,
            "fields": "files(id,name,size,md5Checksum,webViewLink,parents,appProperties,trashed,driveId)",
        ])
        XCTAssertFalse(request.url.contains(" ") || request.url.contains("'"), request.url)
        XCTAssertEqual(request.header("Authorization"), "Bearer tok-1")
    }

    func testFindFileByZoomFileID() throws {
        let transport = ScriptedTransport([ScriptedTransport.answer(200, #"{"files":[]}"#)])
        XCTAssertNil(try client(transport).findFile(zoomFileID: "zf-1", in: "dir"))
        XCTAssertEqual(transport.requests[0].queryItems["q"],
                       "appProperties has { key='zoom_file_id' and value='zf-1' } and 'dir' in parents and trashed = false")
        XCTAssertEqual(transport.requests[0].queryItems["includeItemsFromAllDrives"], "true")
    }

    func testFindFileInTheWholeSharedDrive() throws {
        let transport = ScriptedTransport([ScriptedTransport.answer(200, #"{"files":[{"id":"f9","name":"a.mp4","driveId":"0Adrive"}]}"#)])
        let found = try client(transport).findFile(zoomFileID: "zf-'1", inSharedDrive: "0Adrive")
        XCTAssertEqual(found?.id, "f9")
        XCTAssertEqual(found?.driveId, "0Adrive")
        let items = transport.requests[0].queryItems
        XCTAssertEqual(items["q"], "appProperties has { key='zoom_file_id' and value='zf-\\'1' } and trashed = false")
        XCTAssertEqual(items["corpora"], "drive")
        XCTAssertEqual(items["driveId"], "0Adrive")
        XCTAssertEqual(items["includeItemsFromAllDrives"], "true")
        XCTAssertEqual(items["supportsAllDrives"], "true")
    }

    func testCreateFolder() throws {
        let transport = ScriptedTransport([ScriptedTransport.answer(200, #"{"id":"d2","name":"Math","parents":["root"]}"#)])
        XCTAssertEqual(try client(transport).createFolder(named: "Math", in: "root").id, "d2")
        let request = transport.requests[0]
        XCTAssertEqual(request.method, "POST")
        XCTAssertEqual(request.queryItems, ["supportsAllDrives": "true",
                                            "fields": "id,name,size,md5Checksum,webViewLink,parents,appProperties,trashed,driveId"])
        XCTAssertEqual(request.header("Content-Type"), "application/json; charset=UTF-8")
        let body = try XCTUnwrap(request.bodyJSON)
        XCTAssertEqual(body["name"] as? String, "Math")
        XCTAssertEqual(body["mimeType"] as? String, "application/vnd.google-apps.folder")
        XCTAssertEqual(body["parents"] as? [String], ["root"])
        XCTAssertNil(body["appProperties"])
    }

    func testFileAndTrash() throws {
        let transport = ScriptedTransport([ScriptedTransport.answer(200, Self.fileJSON), ScriptedTransport.answer(200, #"{"id":"f/1"}"#)])
        let drive = client(transport)
        XCTAssertEqual(try drive.file(id: "f1"), Self.file)
        try drive.trash(fileID: "f/1")
        XCTAssertEqual(transport.requests[0].method, "GET")
        XCTAssertTrue(transport.requests[0].url.hasPrefix("https://www.googleapis.com/drive/v3/files/f1?"))
        XCTAssertEqual(transport.requests[0].queryItems["fields"], "id,name,size,md5Checksum,webViewLink,parents,appProperties,trashed,driveId")
        XCTAssertEqual(transport.requests[1].method, "PATCH")
        XCTAssertTrue(transport.requests[1].url.hasPrefix("https://www.googleapis.com/drive/v3/files/f%2F1?"))
        XCTAssertEqual(transport.requests[1].bodyJSON?["trashed"] as? Bool, true)
    }

    func testStartUploadOpensAResumableSession() throws {
        let transport = ScriptedTransport([ScriptedTransport.answer(200, "", headers: [("location", session)])])
        let metadata = DriveUploadMetadata(name: "Lesson 2024-03-01 10.00 shared_screen.mp4", parentID: "dir",
                                           mimeType: "video/mp4", zoomFileID: "zf-1")
        XCTAssertEqual(try client(transport).startUpload(metadata, contentLength: 524_300), session)
        let request = transport.requests[0]
        XCTAssertEqual(request.method, "POST")
        XCTAssertTrue(request.url.hasPrefix("https://www.googleapis.com/upload/drive/v3/files?"), request.url)
        XCTAssertEqual(request.queryItems, ["uploadType": "resumable", "supportsAllDrives": "true",
                                            "fields": "id,name,size,md5Checksum,webViewLink"])
        XCTAssertEqual(request.header("X-Upload-Content-Type"), "video/mp4")
        XCTAssertEqual(request.header("X-Upload-Content-Length"), "524300")
        XCTAssertEqual(request.header("Content-Type"), "application/json; charset=UTF-8")
        let body = try XCTUnwrap(request.bodyJSON)
        XCTAssertEqual(body["name"] as? String, metadata.name)
        XCTAssertEqual(body["parents"] as? [String], ["dir"])
        XCTAssertEqual(body["mimeType"] as? String, "video/mp4")
        XCTAssertEqual(body["appProperties"] as? [String: String], ["zoom_file_id": "zf-1"])
    }

    func testStartUploadWithoutLocationIsABadResponse() {
        let transport = ScriptedTransport([ScriptedTransport.answer(200, "{}")])
        XCTAssertThrowsError(try client(transport).startUpload(DriveUploadMetadata(name: "n", parentID: "p", mimeType: "video/mp4",
                                                                                  zoomFileID: "z"), contentLength: 1)) { error in
            XCTAssertEqual(error as? DriveError, .badResponse("the resumable upload answer has no session URI in Location"))
        }
    }

    func testEveryRequestSendsSupportsAllDrives() throws {
        let transport = ScriptedTransport([
            ScriptedTransport.answer(200, #"{"files":[]}"#), ScriptedTransport.answer(200, #"{"files":[]}"#),
            ScriptedTransport.answer(200, #"{"id":"d","name":"n"}"#), ScriptedTransport.answer(200, Self.fileJSON),
            ScriptedTransport.answer(200, "{}"), ScriptedTransport.answer(200, "", headers: [("Location", session)]),
            ScriptedTransport.answer(308), ScriptedTransport.answer(308),
        ])
        let drive = client(transport)
        _ = try drive.findFolder(named: "a", in: "b")
        _ = try drive.findFile(zoomFileID: "a", in: "b")
        _ = try drive.createFolder(named: "a", in: "b")
        _ = try drive.file(id: "f1")
        try drive.trash(fileID: "f1")
        let uploadSession = try drive.startUpload(DriveUploadMetadata(name: "n", parentID: "p", mimeType: "video/mp4", zoomFileID: "z"),
                                                  contentLength: 524_300)
        _ = try drive.uploadChunk(session: uploadSession, bytes: chunk(), offset: 0, total: 524_300)
        _ = try drive.uploadStatus(session: uploadSession, total: 524_300)
        XCTAssertEqual(transport.requests.count, 8)
        for request in transport.requests {
            XCTAssertEqual(request.queryItems["supportsAllDrives"], "true", "\(request.method) \(request.url)")
        }
    }

    // MARK: Resumable upload

    func testChunkAnsweredWith308AndRange() throws {
        let transport = ScriptedTransport([ScriptedTransport.answer(308, "", headers: [("Range", "bytes=0-262143")])])
        let progress = try client(transport).uploadChunk(session: session, bytes: chunk(), offset: 0, total: 524_300)
        XCTAssertEqual(progress, .incomplete(received: 262_144))
        let request = transport.requests[0]
        XCTAssertEqual(request.method, "PUT")
        XCTAssertEqual(request.url, session)
        XCTAssertEqual(request.header("Content-Range"), "bytes 0-262143/524300")
        XCTAssertEqual(request.body?.count, 262_144)
    }

    func testA308WithoutRangeMeansNothingArrived() throws {
        let transport = ScriptedTransport([ScriptedTransport.answer(308)])
        XCTAssertEqual(try client(transport).uploadChunk(session: session, bytes: chunk(), offset: 0, total: 524_300),
                       .incomplete(received: 0))
    }

    func testTheServerMayHoldLessThanWasSent() throws {
        let transport = ScriptedTransport([ScriptedTransport.answer(308, "", headers: [("Range", "bytes=0-100")])])
        XCTAssertEqual(try client(transport).uploadChunk(session: session, bytes: chunk(), offset: 262_144, total: 1_048_576),
                       .incomplete(received: 101))
    }

    func testTheLastChunkCompletesTheFileWithItsSizeAsAString() throws {
        let transport = ScriptedTransport([ScriptedTransport.answer(200, Self.fileJSON)])
        let progress = try client(transport).uploadChunk(session: session, bytes: chunk(12), offset: 524_288, total: 524_300)
        XCTAssertEqual(progress, .complete(Self.file))
        XCTAssertEqual(transport.requests[0].header("Content-Range"), "bytes 524288-524299/524300")
    }

    func testStatusQuery() throws {
        let transport = ScriptedTransport([ScriptedTransport.answer(308, "", headers: [("Range", "bytes=0-524287")]),
                                           ScriptedTransport.answer(201, Self.fileJSON)])
        let drive = client(transport)
        XCTAssertEqual(try drive.uploadStatus(session: session, total: 524_300), .incomplete(received: 524_288))
        XCTAssertEqual(try drive.uploadStatus(session: session, total: 524_300), .complete(Self.file))
        let request = transport.requests[0]
        XCTAssertEqual(request.method, "PUT")
        XCTAssertEqual(request.header("Content-Range"), "bytes */524300")
        XCTAssertNil(request.body)
    }

    func testAGoneSessionMustBeStartedOver() {
        for status in [404, 410] {
            let transport = ScriptedTransport([ScriptedTransport.answer(status, #"{"error":{"code":404,"message":"Not Found"}}"#)])
            let drive = client(transport)
            XCTAssertThrowsError(try drive.uploadChunk(session: session, bytes: chunk(), offset: 0, total: 524_300)) { error in
                XCTAssertEqual(error as? DriveError, .uploadSessionGone)
            }
            let statusTransport = ScriptedTransport([ScriptedTransport.answer(status)])
            XCTAssertThrowsError(try client(statusTransport).uploadStatus(session: session, total: 1)) { error in
                XCTAssertEqual(error as? DriveError, .uploadSessionGone)
            }
        }
    }

    func testAMissingFileIsARefusalNotAGoneSession() {
        let transport = ScriptedTransport([ScriptedTransport.driveError(404, reason: "notFound", message: "File not found: f9.")])
        XCTAssertThrowsError(try client(transport).file(id: "f9")) { error in
            XCTAssertEqual(error as? DriveError, .refused(status: 404, reason: "notFound", message: "File not found: f9."))
        }
    }

    func testADroppedChunkAsksTheServerInsteadOfResending() throws {
        let transport = ScriptedTransport([.failure(.transport(code: 55, message: "Failed sending data to the peer")),
                                           ScriptedTransport.answer(503),
                                           ScriptedTransport.answer(308, "", headers: [("Range", "bytes=0-99999")])])
        let progress = try client(transport).uploadChunk(session: session, bytes: chunk(), offset: 0, total: 524_300)
        XCTAssertEqual(progress, .incomplete(received: 100_000))
        XCTAssertEqual(transport.requests.map { $0.header("Content-Range") },
                       ["bytes 0-262143/524300", "bytes */524300", "bytes */524300"])
        XCTAssertEqual(sleeps, [1.5, 1.5])
    }

    func testAServerErrorOnAChunkAlsoAsks() throws {
        let transport = ScriptedTransport([ScriptedTransport.answer(502), ScriptedTransport.answer(201, Self.fileJSON)])
        XCTAssertEqual(try client(transport).uploadChunk(session: session, bytes: chunk(12), offset: 524_288, total: 524_300),
                       .complete(Self.file))
        XCTAssertEqual(transport.requests.map { $0.header("Content-Range") }, ["bytes 524288-524299/524300", "bytes */524300"])
    }

    func testARefusedTokenOrARateLimitOnAChunkAlsoAsks() throws {
        let transport = ScriptedTransport([ScriptedTransport.driveError(401, reason: "authError"),
                                           ScriptedTransport.answer(308, "", headers: [("Range", "bytes=0-262143")]),
                                           ScriptedTransport.driveError(429, reason: "rateLimitExceeded"),
                                           ScriptedTransport.answer(308, "", headers: [("Range", "bytes=0-262143")])])
        let drive = client(transport)
        XCTAssertEqual(try drive.uploadChunk(session: session, bytes: chunk(), offset: 0, total: 524_300),
                       .incomplete(received: 262_144))
        XCTAssertEqual(try drive.uploadChunk(session: session, bytes: chunk(), offset: 262_144, total: 524_300),
                       .incomplete(received: 262_144))
        XCTAssertEqual(transport.requests.map { $0.header("Content-Range") },
                       ["bytes 0-262143/524300", "bytes */524300", "bytes 262144-524287/524300", "bytes */524300"])
        XCTAssertEqual(transport.requests.map { $0.header("Authorization") },
                       ["Bearer tok-1", "Bearer tok-2", "Bearer tok-2", "Bearer tok-2"])
    }

    func testLibcurlMayNotResendAChunkByItself() throws {
        let transport = ScriptedTransport([ScriptedTransport.answer(308, "", headers: [("Range", "bytes=0-262143")]),
                                           ScriptedTransport.answer(308, "", headers: [("Range", "bytes=0-262143")])])
        let drive = client(transport)
        _ = try drive.uploadChunk(session: session, bytes: chunk(), offset: 0, total: 524_300)
        _ = try drive.uploadStatus(session: session, total: 524_300)
        XCTAssertEqual(transport.requests.map(\.bodyMayBeResent), [false, true])
    }

    func testChunkMisuseIsRefusedBeforeSending() {
        let transport = ScriptedTransport([])
        XCTAssertThrowsError(try client(transport).uploadChunk(session: session, bytes: chunk(1000), offset: 0, total: 524_300)) { error in
            XCTAssertTrue(error is DriveUsageError)
        }
        XCTAssertTrue(transport.requests.isEmpty)
    }

    func testErrorsNeverShowTheSessionURI() {
        let transport = ScriptedTransport([.failure(.timedOut("PUT \(session): Operation timed out"))])
        XCTAssertThrowsError(try client(transport, budget: 0).uploadStatus(session: session, total: 1)) { error in
            XCTAssertEqual(error as? DriveError, .unavailable("timed out"))
            XCTAssertFalse("\(error)".contains("SECRET-SESSION"))
        }
    }

    // MARK: Retries

    func testServerErrorsRateLimitsAndRateLimit403AreRetriedThenSucceed() throws {
        let transport = ScriptedTransport([
            ScriptedTransport.answer(500, "<html>oops</html>"),
            ScriptedTransport.answer(429, "", headers: [("Retry-After", "5")]),
            ScriptedTransport.driveError(403, reason: "rateLimitExceeded", message: "Rate Limit Exceeded"),
            ScriptedTransport.driveError(403, reason: "userRateLimitExceeded", message: "User Rate Limit Exceeded"),
            .failure(.transport(code: 56, message: "Connection reset by peer")),
            ScriptedTransport.answer(200, Self.fileJSON),
        ])
        XCTAssertEqual(try client(transport).file(id: "f1"), Self.file)
        XCTAssertEqual(sleeps, [1.5, 5, 4.5, 8.5, 16.5])
        XCTAssertEqual(transport.requests.count, 6)
    }

    func testRetriesStopWhenTheBudgetIsSpent() {
        let transport = ScriptedTransport((0..<20).map { _ in ScriptedTransport.driveError(403, reason: "userRateLimitExceeded",
                                                                                            message: "User Rate Limit Exceeded") })
        XCTAssertThrowsError(try client(transport).file(id: "f1")) { error in
            XCTAssertEqual(error as? DriveError, .unavailable("HTTP 403 userRateLimitExceeded: User Rate Limit Exceeded"))
        }
        XCTAssertEqual(sleeps, [1.5, 2.5, 4.5, 8.5, 16.5])
        XCTAssertLessThanOrEqual(sleeps.reduce(0, +), 60)
    }

    func testQuotaExceededIsNotRetried() {
        for reason in ["storageQuotaExceeded", "uploadLimitExceeded"] {
            let transport = ScriptedTransport([ScriptedTransport.driveError(403, reason: reason, message: "The user's Drive storage quota has been exceeded.")])
            XCTAssertThrowsError(try client(transport).startUpload(DriveUploadMetadata(name: "n", parentID: "p", mimeType: "video/mp4",
                                                                                      zoomFileID: "z"), contentLength: 1)) { error in
                XCTAssertEqual(error as? DriveError,
                               .quotaExceeded("HTTP 403 \(reason): The user's Drive storage quota has been exceeded."))
            }
            XCTAssertEqual(transport.requests.count, 1)
        }
        XCTAssertEqual(sleeps, [])
    }

    func testOther4xxAreRefusals() {
        let transport = ScriptedTransport([ScriptedTransport.driveError(403, reason: "insufficientFilePermissions",
                                                                        message: "The user does not have sufficient permissions for this file.")])
        XCTAssertThrowsError(try client(transport).trash(fileID: "f1")) { error in
            XCTAssertEqual(error as? DriveError, .refused(status: 403, reason: "insufficientFilePermissions",
                                                          message: "The user does not have sufficient permissions for this file."))
        }
        XCTAssertEqual(transport.requests.count, 1)
    }

    func testA401RefreshesTheTokenOnceAndRetries() throws {
        let transport = ScriptedTransport([ScriptedTransport.driveError(401, reason: "authError", message: "Invalid Credentials"),
                                           ScriptedTransport.answer(200, Self.fileJSON)])
        XCTAssertEqual(try client(transport).file(id: "f1"), Self.file)
        XCTAssertEqual(tokens.refreshes, ["tok-1"])
        XCTAssertEqual(transport.requests.map { $0.header("Authorization") }, ["Bearer tok-1", "Bearer tok-2"])
        XCTAssertEqual(sleeps, [])
    }

    func testASecond401IsAnAuthenticationError() {
        let unauthorized = ScriptedTransport.driveError(401, reason: "authError", message: "Invalid Credentials")
        let transport = ScriptedTransport([unauthorized, unauthorized, ScriptedTransport.answer(200, Self.fileJSON)])
        XCTAssertThrowsError(try client(transport).file(id: "f1")) { error in
            XCTAssertEqual(error as? DriveError,
                           .authentication("Drive refused a fresh token: HTTP 401 authError: Invalid Credentials"))
        }
        XCTAssertEqual(tokens.refreshes.count, 1)
        XCTAssertEqual(transport.requests.count, 2)
    }

    func testALostAnswerToCreateFolderLooksBeforeCreatingAgain() throws {
        let transport = ScriptedTransport([.failure(.transport(code: 52, message: "Empty reply from server")),
                                           ScriptedTransport.answer(200, #"{"files":[{"id":"d3","name":"Math"}]}"#)])
        XCTAssertEqual(try client(transport).createFolder(named: "Math", in: "root").id, "d3")
        XCTAssertEqual(transport.requests.map(\.method), ["POST", "GET"])
    }

    func testALostAnswerToCreateFolderWithNoFolderFoundIsUnavailable() {
        let transport = ScriptedTransport([ScriptedTransport.answer(503), ScriptedTransport.answer(200, #"{"files":[]}"#)])
        XCTAssertThrowsError(try client(transport).createFolder(named: "Math", in: "root")) { error in
            XCTAssertEqual(error as? DriveError, .unavailable("HTTP 503"))
        }
        XCTAssertEqual(transport.requests.map(\.method), ["POST", "GET"])
    }
}
