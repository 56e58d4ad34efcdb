import XCTest
@testable import LecternCore

final class TransferStepTests: XCTestCase {
    func state(_ status: RecordingStatus = .pending, size: Int64 = 1_000, spool: Int64? = nil, md5: String? = nil,
               session: Bool = false) -> TransferStep.State {
        .init(status: status, fileSize: size, spoolBytes: spool, downloadedMD5: md5, hasUploadSession: session)
    }

    func testFreshFileIsDownloadedFromTheStart() {
        XCTAssertEqual(TransferStep.next(state()), .download(resumeFrom: 0))
    }

    func testPartialSpoolFileIsResumed() {
        XCTAssertEqual(TransferStep.next(state(.downloading, spool: 400)), .download(resumeFrom: 400))
    }

    func testCompleteSpoolWithoutChecksumIsHashedAgain() {
        // The process died between the last byte and storing the MD5: read it, fetch nothing.
        XCTAssertEqual(TransferStep.next(state(.downloading, spool: 1_000)), .download(resumeFrom: 1_000))
    }

    func testOversizedOrUnsizedSpoolStartsOver() {
        XCTAssertEqual(TransferStep.next(state(spool: 1_200)), .download(resumeFrom: 0))
        XCTAssertEqual(TransferStep.next(state(size: 0, spool: 10)), .download(resumeFrom: 0))
    }

    func testDownloadedFileIsUploadedResumingTheSession() {
        XCTAssertEqual(TransferStep.next(state(.uploading, spool: 1_000, md5: "x", session: true)),
                       .upload(resumingSession: true))
        XCTAssertEqual(TransferStep.next(state(.uploading, spool: 1_000, md5: "x")), .upload(resumingSession: false))
        XCTAssertEqual(TransferStep.next(state(.uploading, size: 0, spool: 10, md5: "x")), .upload(resumingSession: false))
    }

    func testChecksumWithoutSpoolFileOnThisHostDownloadsAgain() {
        XCTAssertEqual(TransferStep.next(state(.uploading, md5: "x", session: true)), .download(resumeFrom: 0))
    }

    func testFinishedAndAbandoned() {
        XCTAssertEqual(TransferStep.next(state(.ready, spool: 1_000, md5: "x")), .finished)
        XCTAssertEqual(TransferStep.next(state(.expired)), .finished)
        XCTAssertEqual(TransferStep.next(state(.deletedInZoom, spool: 10)), .abandoned)
    }

    func testFailedRecordingRetriedByHandContinues() {
        XCTAssertEqual(TransferStep.next(state(.failed, spool: 500)), .download(resumeFrom: 500))
    }
}
