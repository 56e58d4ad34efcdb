/// The API's route table (SPEC §4); each handler lives in the file named after its resource.
enum Routes {
    static func all() -> Router<Application.Handler> {
        var router = Router<Application.Handler>()
        router.add(.post, "/api/auth/token/", AuthHandlers.createToken)
        router.add(.delete, "/api/auth/token/", AuthHandlers.revokeToken)
        router.add(.get, "/api/me/", AuthHandlers.me)
        router.add(.get, "/api/schedule/health/", OperationsHandlers.health)
        router.add(.get, "/api/schedule/status/", OperationsHandlers.status)
        router.add(.get, "/metrics", OperationsHandlers.metrics)
        return router
    }
}
