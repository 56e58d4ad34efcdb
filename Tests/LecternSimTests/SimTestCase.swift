import Foundation
import LecternSim
import XCTest

/// An emulator on a settable clock, driven through ``SimApp/handle(_:)`` as the HTTP layer drives it.
class SimTestCase: XCTestCase {
    var now = Date(timeIntervalSince1970: 1_700_000_000)
    var app: SimApp!

    override func setUpWithError() throws {
        app = try SimApp(defaultApp: SimZoomApp(accountId: "acc", clientId: "cid", clientSecret: "sec"),
                         clock: { [unowned self] in self.now })
        app.setBaseURL("http://sim.test")
    }

    func send(_ method: String, _ uri: String, token: String? = nil, basic: String? = nil, json: String? = nil,
              headers: [String: String] = [:], body: [UInt8]? = nil) -> SimResponse {
        var all = headers
        if let token { all["authorization"] = "Bearer \(token)" }
        if let basic { all["authorization"] = "Basic " + Data(basic.utf8).base64EncodedString() }
        return app.handle(SimRequest(method: method, uri: uri, headers: all, body: body ?? Array((json ?? "").utf8)))
    }

    func object(_ response: SimResponse) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
                      String(decoding: response.body, as: UTF8.self))
    }

    /// A Zoom OAuth access token for the default app.
    func token() throws -> String {
        let response = send("POST", "/oauth/token?grant_type=account_credentials&account_id=acc", basic: "cid:sec")
        XCTAssertEqual(response.status, 200)
        let body = try object(response)
        XCTAssertEqual(body["expires_in"] as? Int, 3600)
        return try XCTUnwrap(body["access_token"] as? String)
    }
}
