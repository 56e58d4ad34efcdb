import XCTest
@testable import LecternAPI

final class RouterTests: XCTestCase {
    private func router() -> Router<String> {
        var router = Router<String>()
        router.add(.get, "/api/schedule/lessons/", "list")
        router.add(.post, "/api/schedule/lessons/", "create")
        router.add(.get, "/api/schedule/lessons/{id}/", "show")
        router.add(.post, "/api/schedule/lessons/{id}/start-new/", "start")
        router.add(.get, "/metrics", "metrics")
        return router
    }

    private func found(_ match: Router<String>.Match) -> (String, [String: String])? {
        if case .found(let handler, let parameters) = match { return (handler, parameters) }
        return nil
    }

    func testMatchesMethodAndCapturesParameters() {
        XCTAssertEqual(found(router().match(method: "GET", path: "/api/schedule/lessons/"))?.0, "list")
        XCTAssertEqual(found(router().match(method: "POST", path: "/api/schedule/lessons/"))?.0, "create")
        let start = found(router().match(method: "POST", path: "/api/schedule/lessons/42/start-new/"))
        XCTAssertEqual(start?.0, "start")
        XCTAssertEqual(start?.1, ["id": "42"])
    }

    func testTrailingSlashIsOptionalAndHeadFollowsGet() {
        XCTAssertEqual(found(router().match(method: "GET", path: "/api/schedule/lessons/7"))?.1, ["id": "7"])
        XCTAssertEqual(found(router().match(method: "GET", path: "/metrics/"))?.0, "metrics")
        XCTAssertEqual(found(router().match(method: "HEAD", path: "/metrics"))?.0, "metrics")
    }

    func testUnknownPathIsNotFoundAndWrongMethodListsAllowed() {
        guard case .notFound = router().match(method: "GET", path: "/api/nope/") else { return XCTFail() }
        guard case .notFound = router().match(method: "GET", path: "/api/schedule/lessons/1/2/3/") else { return XCTFail() }
        guard case .methodNotAllowed(let allowed) = router().match(method: "DELETE", path: "/api/schedule/lessons/") else {
            return XCTFail()
        }
        XCTAssertEqual(allowed, ["GET", "POST"])
    }

    func testALiteralSegmentBeatsAParameterWhateverTheOrder() {
        var router = Router<String>()
        router.add(.get, "/api/schedule/lessons/{id}/", "show")
        router.add(.patch, "/api/schedule/lessons/{id}/", "update")
        router.add(.post, "/api/schedule/lessons/quick-start/", "quick")
        XCTAssertEqual(found(router.match(method: "POST", path: "/api/schedule/lessons/quick-start/"))?.0, "quick")
        guard case .methodNotAllowed(let allowed) = router.match(method: "PATCH", path: "/api/schedule/lessons/quick-start/") else {
            return XCTFail("PATCH on quick-start must be a 405, not lesson \"quick-start\"")
        }
        XCTAssertEqual(allowed, ["POST"])
        XCTAssertEqual(found(router.match(method: "PATCH", path: "/api/schedule/lessons/7/"))?.1, ["id": "7"])
    }

    func testEntriesListEveryRouteAsAdded() {
        XCTAssertEqual(router().entries.map(\.description), [
            "GET /api/schedule/lessons/", "POST /api/schedule/lessons/", "GET /api/schedule/lessons/{id}/",
            "POST /api/schedule/lessons/{id}/start-new/", "GET /metrics",
        ])
    }

    func testTheRouteTableHasNoRouteTwice() {
        let table = Routes.table.map(\.description)
        XCTAssertFalse(table.isEmpty)
        XCTAssertEqual(Set(table).count, table.count)
        XCTAssertTrue(table.contains("GET /api/schema/"))
    }
}
