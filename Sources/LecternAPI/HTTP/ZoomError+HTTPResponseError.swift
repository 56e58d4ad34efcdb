import LecternPool
import LecternZoom

extension ZoomError: HTTPResponseError {
    /// Zoom failing or refusing is a 502 with Zoom's own message, as when the pool meets it.
    public var apiError: APIError { PoolError.zoom(self).apiError }
}
