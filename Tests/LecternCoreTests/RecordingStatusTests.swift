import XCTest
@testable import LecternCore

final class RecordingStatusTests: XCTestCase {
    func testDeletionInZoomLosesOnlyFilesNotYetCopied() {
        let expected: [RecordingStatus: RecordingStatus] = [
            .pending: .deletedInZoom, .downloading: .deletedInZoom, .uploading: .deletedInZoom,
            .failed: .deletedInZoom, .deletedInZoom: .deletedInZoom, .ready: .ready, .expired: .expired,
        ]
        for status in RecordingStatus.allCases {
            XCTAssertEqual(status.afterDeletionInZoom, expected[status], "\(status)")
        }
        XCTAssertEqual(Set(RecordingStatus.lostWhenDeletedInZoom), [.pending, .downloading, .uploading, .failed])
    }

    func testOnlyPendingRowsTakeFreshDownloadLinks() {
        XCTAssertEqual(RecordingStatus.allCases.filter(\.takesFreshDownloadLink), [.pending])
    }

    func testRawValuesMatchTheSchema() {
        XCTAssertEqual(RecordingStatus.allCases.map(\.rawValue),
                       ["pending", "downloading", "uploading", "ready", "failed", "deleted_in_zoom", "expired"])
    }

    func testTransferJobKeysAndPayload() throws {
        XCTAssertEqual(RecordingTransferJob.kind, "recording.transfer")
        XCTAssertEqual(RecordingTransferJob.dedupeKey(zoomFileID: "9b3c"), "transfer:9b3c")
        XCTAssertEqual(RecordingTransferJob.payload(recordingID: 42), #"{"recording_id":42}"#)
        let decoded = try JSONDecoder().decode(RecordingTransferJob.Payload.self,
                                               from: Data(RecordingTransferJob.payload(recordingID: 7).utf8))
        XCTAssertEqual(decoded.recordingId, 7)
        XCTAssertNil(decoded.afterTransfer)
    }

    func testTheAfterActionTravelsInThePayload() throws {
        let payload = RecordingTransferJob.payload(recordingID: 9, afterTransfer: .keep)
        let decoded = try JSONDecoder().decode(RecordingTransferJob.Payload.self, from: Data(payload.utf8))
        XCTAssertEqual(decoded, .init(recordingId: 9, afterTransfer: .keep))
        XCTAssertThrowsError(try JSONDecoder().decode(RecordingTransferJob.Payload.self,
                                                      from: Data(#"{"recording_id":1,"after":"shred"}"#.utf8)))
    }
}
