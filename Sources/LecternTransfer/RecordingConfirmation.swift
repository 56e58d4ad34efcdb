import Foundation
import LecternCore
import LecternCrypto
import LecternPool
import LecternStore
import LecternZoom

/// The step before a download (SPEC §5): what a webhook (or a listing) announced is a hint.
/// The meeting's recordings are read again through the API with the app's own token, and
/// only a file the API lists as completed is moved — with the API's size, type and download
/// URL, downloaded with that app's OAuth token.
struct RecordingConfirmation {
    let zoom: ZoomClientSource
    let box: SecretBox
    let recordings: RecordingRepository
    let clock: () -> Date

    /// The app's OAuth token is used for at most this long (Zoom's live an hour; the shared
    /// one is refreshed a few minutes before it ends).
    static let tokenUse: TimeInterval = 50 * 60

    /// The row as the API has it, its confirmed facts stored.
    /// - Throws: ``RecordingNotConfirmed`` when the API does not list the file.
    func confirm(_ row: RecordingTransferRow, lease: JobLease) throws -> RecordingTransferRow {
        let client = try zoom.client(appID: row.appID ?? ZoomAppRepository.environmentAppID)
        let listed: ZoomMeetingRecordings
        do {
            listed = try client.meetingRecordings(uuid: row.meetingUUID)
        } catch let error as ZoomError where error.status == 404 {
            throw RecordingNotConfirmed(zoomFileID: row.zoomFileID, meetingUUID: row.meetingUUID,
                                        why: "the API does not know the meeting")
        }
        guard let file = listed.confirmedFile(id: row.zoomFileID), let url = file.downloadUrl else {
            throw RecordingNotConfirmed(zoomFileID: row.zoomFileID, meetingUUID: row.meetingUUID,
                                        why: "the API does not list the file as completed")
        }
        var confirmed = row
        confirmed.fileSize = file.fileSize ?? 0
        confirmed.fileType = file.fileType ?? row.fileType
        confirmed.downloadURL = url
        confirmed.downloadTokenSealed = box.seal(try client.downloadBearerToken(), .recordingDownloadToken, rowID: row.id)
        confirmed.downloadTokenExpiresAt = clock().addingTimeInterval(Self.tokenUse)
        try recordings.confirmDownload(id: row.id, fileSize: confirmed.fileSize, fileType: confirmed.fileType, url: url,
                                       tokenSealed: confirmed.downloadTokenSealed ?? "",
                                       expiresAt: confirmed.downloadTokenExpiresAt ?? clock(), lease: lease)
        return confirmed
    }
}

/// Zoom's API does not confirm an announced file: nothing is downloaded, the row fails.
struct RecordingNotConfirmed: Error, CustomStringConvertible {
    var zoomFileID: String
    var meetingUUID: String
    var why: String

    var description: String {
        "not moved: Zoom's API does not confirm recording file \(zoomFileID) (\(why))"
    }
}
