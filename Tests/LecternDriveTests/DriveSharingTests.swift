import Foundation
@testable import LecternDrive
import LecternHTTPClient
import LecternTestSupport
import XCTest

final class DriveSharingTests: XCTestCase {
    var now = Date(timeIntervalSince1970: 1_700_000_000)
    var sleeps: [TimeInterval] = []
    let tokens = FakeTokenSource()

    func client(_ transport: ScriptedTransport) -> DriveClient {
        DriveClient(apiBase: "https://www.googleapis.com", tokens: tokens, transport: transport, budget: 60,
                    clock: { [unowned self] in now }, sleep: { [unowned self] in sleeps.append($0); now += $0 },
                    jitter: { 0.5 })
    }

    func testCreateSendsNoNotificationInAllDrivesAndAnswersThePermissionID() throws {
        let transport = ScriptedTransport([ScriptedTransport.answer(200, #"{"id":"0123"}"#)])
        XCTAssertEqual(try client(transport).createPermission(fileID: "fold er", email: "a@s.example", role: "reader"), "0123")
        let request = transport.requests[0]
        XCTAssertEqual(request.method, "POST")
        XCTAssertTrue(request.url.hasPrefix("https://www.googleapis.com/drive/v3/files/fold%20er/permissions?"), request.url)
        XCTAssertEqual(request.queryItems, ["supportsAllDrives": "true", "sendNotificationEmail": "false", "fields": "id"])
        XCTAssertEqual(request.bodyJSON as? [String: String], ["type": "user", "role": "reader", "emailAddress": "a@s.example"])
    }

    func testARefusalCarriesGooglesMessageAndRateLimitsAreRetried() throws {
        let transport = ScriptedTransport([
            ScriptedTransport.driveError(429, reason: "rateLimitExceeded"),
            ScriptedTransport.driveError(403, reason: "userRateLimitExceeded"),
            ScriptedTransport.driveError(503, reason: "backendError"),
            ScriptedTransport.driveError(403, reason: "cannotShareTeamDriveWithNonGoogleAccounts", message: "not a Google account"),
        ])
        XCTAssertThrowsError(try client(transport).createPermission(fileID: "f", email: "x@y", role: "reader")) { error in
            XCTAssertEqual(error as? DriveError, .refused(status: 403, reason: "cannotShareTeamDriveWithNonGoogleAccounts",
                                                          message: "not a Google account"))
        }
        XCTAssertEqual(transport.requests.count, 4)
        XCTAssertEqual(sleeps.count, 3)
    }

    func testListingFollowsEveryPageToken() throws {
        let transport = ScriptedTransport([
            ScriptedTransport.answer(200, #"{"nextPageToken":"t2","permissions":[{"id":"1","emailAddress":"a@x","permissionDetails":[{"inherited":false}]}]}"#),
            ScriptedTransport.answer(200, #"{"nextPageToken":"t3","permissions":[{"id":"2","emailAddress":"b@x","permissionDetails":[{"inherited":true}]}]}"#),
            ScriptedTransport.answer(200, #"{"permissions":[{"id":"3","emailAddress":"c@x"}]}"#),
        ])
        let listed = try client(transport).permissions(fileID: "f")
        XCTAssertEqual(listed.map(\.id), ["1", "2", "3"])
        XCTAssertEqual(listed.map(\.isDirect), [true, false, true])
        XCTAssertEqual(transport.requests.map { $0.queryItems["pageToken"] }, [nil, "t2", "t3"])
        XCTAssertEqual(transport.requests[0].queryItems["fields"],
                       "nextPageToken,permissions(id,type,role,emailAddress,permissionDetails)")
        XCTAssertEqual(transport.requests[0].queryItems["supportsAllDrives"], "true")
    }

    func testDeletingAPermissionAlreadyGoneIsNotAnError() throws {
        let transport = ScriptedTransport([ScriptedTransport.driveError(404, reason: "notFound")])
        XCTAssertNoThrow(try client(transport).deletePermission(fileID: "f", permissionID: "p1"))
        XCTAssertEqual(transport.requests[0].method, "DELETE")
        XCTAssertTrue(transport.requests[0].url.hasPrefix("https://www.googleapis.com/drive/v3/files/f/permissions/p1?supportsAllDrives=true"))
    }
}
