/// The JSON metadata of a new file or folder (`files.create`, and a resumable upload's first request).
struct DriveMetadataBody: Encodable, Equatable {
    var name: String
    var mimeType: String
    var parents: [String]
    /// Left out of the JSON when `nil`.
    var appProperties: [String: String]?
}
