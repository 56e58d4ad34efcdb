/// The answer of `files.list` with `fields=files(…)`.
struct DriveFileList: Decodable {
    var files: [DriveFile]?
}
