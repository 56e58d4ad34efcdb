import LecternCore
import LecternZoom

extension Configuration {
    /// `ZOOM_API_BASE` and `ZOOM_OAUTH_BASE`.
    public var zoomEndpoints: ZoomEndpoints {
        ZoomEndpoints(apiBase: zoomAPIBase, oauthBase: zoomOAuthBase)
    }
}
