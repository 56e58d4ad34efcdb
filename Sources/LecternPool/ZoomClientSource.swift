import LecternZoom

/// Gives a Zoom client for an app stored in the database; the seam the pool logic is tested through.
public protocol ZoomClientSource {
    /// Throws ``PoolError/appUnavailable(appID:)`` when the app cannot be used.
    func client(appID: Int64) throws -> ZoomAPI
}
