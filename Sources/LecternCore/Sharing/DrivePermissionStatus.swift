/// Where a Drive permission Lectern manages stands (`drive_permissions.status`).
public enum DrivePermissionStatus: String, Sendable, CaseIterable {
    /// Drive holds it.
    case granted
    /// Google refused it (its message is kept); retried with backoff while it is due.
    case failed
    /// Lectern removed it (or, refused, it stopped being due).
    case revoked
}
