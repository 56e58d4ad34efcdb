import LecternDrive

/// What a worker needs to let nginx stream a recording from Drive: the service account's
/// tokens (for nginx's request, never shown to the client) and the file's name and type.
public final class DriveAccess {
    public let tokens: DriveTokenSource
    public let files: DriveSharing

    public init(tokens: DriveTokenSource, files: DriveSharing) {
        self.tokens = tokens
        self.files = files
    }
}
