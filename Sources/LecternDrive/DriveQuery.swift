/// The `q` expressions of Drive's `files.list` that Lectern sends (SPEC §7).
enum DriveQuery {
    static let folderMimeType = "application/vnd.google-apps.folder"

    /// `value` as a quoted string literal of Drive's query language: `\` is escaped first,
    /// then `'`, so that no value can end the literal early.
    static func quoted(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    static func folder(named name: String, in parentID: String) -> String {
        "name = \(quoted(name)) and mimeType = \(quoted(folderMimeType)) and \(quoted(parentID)) in parents and trashed = false"
    }

    static func file(zoomFileID: String) -> String {
        "appProperties has { key='zoom_file_id' and value=\(quoted(zoomFileID)) } and trashed = false"
    }

    static func file(zoomFileID: String, in folderID: String) -> String {
        "appProperties has { key='zoom_file_id' and value=\(quoted(zoomFileID)) } and \(quoted(folderID)) in parents and trashed = false"
    }
}
