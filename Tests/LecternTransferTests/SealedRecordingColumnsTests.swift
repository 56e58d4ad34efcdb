import LecternCrypto
import LecternPool
import XCTest

/// A recording's download token and upload session are bound to their row: one copied into
/// another recording's row, or into the other column, does not open there.
final class SealedRecordingColumnsTests: XCTestCase {
    private let box = SecretBox(key: try! MasterKey(parsing: String(repeating: "cd", count: 32)))

    func testBoundValuesOpenOnlyInTheirRowAndColumn() throws {
        let token = box.seal("oauth-token", .recordingDownloadToken, rowID: 41)
        let session = box.seal("https://drive.example/upload?upload_id=1", .recordingUploadSession, rowID: 41)
        XCTAssertEqual(try box.open(token, .recordingDownloadToken, rowID: 41), "oauth-token")
        XCTAssertEqual(try box.open(session, .recordingUploadSession, rowID: 41), "https://drive.example/upload?upload_id=1")
        XCTAssertThrowsError(try box.open(token, .recordingDownloadToken, rowID: 42))
        XCTAssertThrowsError(try box.open(token, .recordingUploadSession, rowID: 41))
        XCTAssertThrowsError(try box.open(session, .recordingDownloadToken, rowID: 41))
    }

    func testAWebhooksUnboundTokenStillOpens() throws {
        XCTAssertEqual(try box.open(box.seal("webhook-token"), .recordingDownloadToken, rowID: 7), "webhook-token")
    }
}
