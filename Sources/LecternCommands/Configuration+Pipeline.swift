import Foundation
import LecternAPI
import LecternCore
import LecternCrypto
import LecternDrive
import LecternHTTPClient
import LecternPool
import LecternStore
import LecternTransfer
import LecternZoom
import Logging

/// The recording pipeline's parts as the configuration makes them, shared by `lectern
/// transfer` and `lectern zoom2drive` so that both move files the same way.
extension Configuration {
    /// Drive through the service account, or `nil` when it is not configured.
    func driveClient() throws -> Drive? {
        guard let keyFile = googleServiceAccountFile, driveRootFolderID != nil else { return nil }
        let transport = HTTPClient()
        let key = try ServiceAccountKey(contentsOfFile: keyFile)
        return DriveClient(apiBase: driveAPIBase, tokens: try GoogleTokenSource(key: key, transport: transport),
                           transport: transport)
    }

    /// Drive's sharing calls through the service account, or `nil` when it is not configured.
    func driveSharingClient() throws -> DriveSharing? {
        guard let keyFile = googleServiceAccountFile, driveRootFolderID != nil else { return nil }
        let transport = HTTPClient()
        let key = try ServiceAccountKey(contentsOfFile: keyFile)
        return DriveClient(apiBase: driveAPIBase, tokens: try GoogleTokenSource(key: key, transport: transport),
                           transport: transport)
    }

    /// A worker's Drive access for streaming recordings, or `nil` when Drive is not configured.
    func driveAccess() throws -> DriveAccess? {
        guard let keyFile = googleServiceAccountFile, driveRootFolderID != nil else { return nil }
        let transport = HTTPClient()
        let key = try ServiceAccountKey(contentsOfFile: keyFile)
        let tokens = try GoogleTokenSource(key: key, transport: HTTPClient(), budget: 10)
        return DriveAccess(tokens: tokens, files: DriveClient(apiBase: driveAPIBase, tokens: tokens, transport: transport, budget: 10))
    }

    /// The recording pipeline; without Drive (`drive` or `settings` `nil`) its jobs wait,
    /// saying what is missing.
    func recordingTransferHandler(db: Connection, zoomApps: ZoomApps, drive: Drive?, settings: TransferSettings?,
                                  logger: Logger,
                                  progress: UploadProgressObserver? = nil) throws -> RecordingTransferHandler {
        let box = SecretBox(key: try MasterKey(parsing: try require(masterKey, "LECTERN_MASTER_KEY")))
        return RecordingTransferHandler(db: db, zoom: zoomApps, downloader: ZoomDownloader(transport: HTTPClient(), hosts: zoomDownloadHosts),
                                        drive: drive, box: box, settings: settings, logger: logger, progress: progress)
    }
}
