import Foundation
import LecternCrypto

/// A Google service account whose key the emulated token endpoint accepts: the fields of the
/// JSON key file Google issues, with its snake_case names.
public struct SimServiceAccount: Codable, Sendable, Equatable {
    public var type: String?
    public var privateKeyId: String
    /// The key in PKCS#8 PEM form, as Google issues it.
    public var privateKey: String
    public var clientEmail: String
    public var tokenUri: String?

    enum CodingKeys: String, CodingKey {
        case type
        case privateKeyId = "private_key_id"
        case privateKey = "private_key"
        case clientEmail = "client_email"
        case tokenUri = "token_uri"
    }
}

/// A file or folder in the emulated shared drive.
struct SimDriveFile: Codable, Equatable {
    var id: String
    var name: String
    var mimeType: String
    var parents: [String]
    var appProperties: [String: String]
    var trashed: Bool
    /// Bytes; `nil` for folders.
    var size: Int64?
    /// Lower-case hex; `nil` for folders.
    var md5Checksum: String?
    /// What `alt=media` generates the bytes from, when not the `zoom_file_id` (`GoogleSimulator+Media.swift`).
    var contentSeed: String? = nil

    var isFolder: Bool { mimeType == GoogleSimulator.folderMimeType }

    /// The emulated shared drive's id, which every item in it carries as `driveId`.
    static let sharedDriveID = "0ASimSharedDrive"

    /// Drive v3's file resource: `size` is a string there, and folders have neither size nor checksum.
    struct Resource: Encodable {
        var kind = "drive#file"
        var id: String
        var name: String
        var mimeType: String
        var parents: [String]
        var appProperties: [String: String]?
        var trashed: Bool
        var size: String?
        var md5Checksum: String?
        var webViewLink: String
        var driveId = SimDriveFile.sharedDriveID
    }

    var resource: Resource {
        Resource(id: id, name: name, mimeType: mimeType, parents: parents,
                 appProperties: appProperties.isEmpty ? nil : appProperties, trashed: trashed,
                 size: size.map(String.init), md5Checksum: md5Checksum,
                 webViewLink: isFolder ? "https://drive.google.com/drive/folders/\(id)"
                     : "https://drive.google.com/file/d/\(id)/view")
    }
}

/// The metadata of `POST files`, `PATCH files/{id}` and a resumable upload's first request.
struct SimDriveMetadata: Decodable {
    var name: String?
    var mimeType: String?
    var parents: [String]?
    var appProperties: [String: String]?
    var trashed: Bool?
}

/// Everything the emulated Google side remembers; written to `--state DIR` when given
/// (upload sessions are not: they live in memory, as if the emulator's sessions were short-lived).
struct GoogleSnapshot: Codable, Equatable {
    var serviceAccounts: [SimServiceAccount] = []
    var files: [SimDriveFile] = []
    /// Direct permissions on files and folders (absent in state saved before they were emulated).
    var permissions: [SimPermission]?
}

/// A resumable upload in progress: its bytes are counted and hashed, never kept.
final class SimUploadSession {
    let metadata: SimDriveMetadata
    let mimeType: String
    /// From `X-Upload-Content-Length`, else from the first `Content-Range`.
    var total: Int64?
    private(set) var received: Int64 = 0
    private let md5 = MD5Stream()
    /// The file, once the last byte arrived.
    var fileID: String?

    init(metadata: SimDriveMetadata, mimeType: String, total: Int64?) {
        self.metadata = metadata
        self.mimeType = mimeType
        self.total = total
    }

    /// Takes the next bytes of the upload.
    func append(_ bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBytes { append($0) }
    }

    func append(_ bytes: UnsafeRawBufferPointer) {
        md5.update(bytes)
        received += Int64(bytes.count)
    }

    /// The MD5 of everything received (once: the stream starts over).
    func finishChecksum() -> String {
        md5.finalizeHex()
    }
}
