/// A Drive file or folder, as Lectern reads it (`fields=id,name,size,md5Checksum,webViewLink,…`).
public struct DriveFile: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    /// Bytes; absent for folders.
    public var size: Int64?
    /// Lower-case hex; absent for folders.
    public var md5Checksum: String?
    public var webViewLink: String?
    public var parents: [String]?
    public var appProperties: [String: String]?
    public var trashed: Bool?
    /// The shared drive the item is in; absent for items in a My Drive.
    public var driveId: String?

    public init(id: String, name: String, size: Int64? = nil, md5Checksum: String? = nil, webViewLink: String? = nil,
                parents: [String]? = nil, appProperties: [String: String]? = nil, trashed: Bool? = nil,
                driveId: String? = nil) {
        self.id = id
        self.name = name
        self.size = size
        self.md5Checksum = md5Checksum
        self.webViewLink = webViewLink
        self.parents = parents
        self.appProperties = appProperties
        self.trashed = trashed
        self.driveId = driveId
    }
}

/// What a new upload is filed as.
public struct DriveUploadMetadata: Sendable, Equatable {
    public var name: String
    public var parentID: String
    public var mimeType: String
    /// Stored as `appProperties.zoom_file_id`, so that a retry finds the file instead of copying it twice.
    public var zoomFileID: String

    public init(name: String, parentID: String, mimeType: String, zoomFileID: String) {
        self.name = name
        self.parentID = parentID
        self.mimeType = mimeType
        self.zoomFileID = zoomFileID
    }
}

/// Where a resumable upload stands, as the server says.
public enum DriveUploadProgress: Sendable, Equatable {
    /// `308`: the server holds bytes `0..<received`; send from `received` on.
    case incomplete(received: Int64)
    /// `200`/`201`: the file exists.
    case complete(DriveFile)
}
