import Foundation
import LecternCore
import LecternCrypto
import LecternHTTPClient
@testable import LecternZoom
import LecternTestSupport
import XCTest

/// The shared token sealed for its app's row: another app's token, copied over it, is not used.
extension ZoomClientTests {
    private func placed(_ transport: ScriptedTransport, tokens: MemoryTokenStore, appID: Int64) -> ZoomClient {
        ZoomClient(credentials: ZoomCredentials(accountID: "acc", clientID: "cid", clientSecret: "sec"),
                   endpoints: ZoomEndpoints(apiBase: "http://zoom.test/v2/", oauthBase: "http://zoom.test"),
                   tokens: tokens, box: box,
                   tokenPlace: SealContext(table: "zoom_apps", column: "access_token_enc", rowID: appID),
                   transport: transport, clock: { [now] in now }, sleep: { _ in }, jitter: { 0.5 })
    }

    func testTheSharedTokenIsSealedForItsAppAndAnotherAppsIsNotUsed() throws {
        let transport = ScriptedTransport([Self.token, Self.meeting, Self.meeting])
        let tokens = MemoryTokenStore()
        _ = try placed(transport, tokens: tokens, appID: 3).createMeeting(userID: "me", request())
        let sealed = try XCTUnwrap(tokens.token).sealedValue
        XCTAssertTrue(SecretBox.isBound(sealed))
        XCTAssertEqual(try box.open(sealed, for: SealContext(table: "zoom_apps", column: "access_token_enc", rowID: 3)),
                       "tok-1")

        // App 4 finds app 3's sealed token in its row: it cannot open it, so it asks for its own.
        let other = ScriptedTransport([Self.token, Self.meeting])
        _ = try placed(other, tokens: tokens, appID: 4).createMeeting(userID: "me", request())
        XCTAssertEqual(other.requests.first?.url.hasPrefix("http://zoom.test/oauth/token"), true)
        // A token stored unbound (before the upgrade) still serves.
        tokens.token = SharedToken(sealedValue: box.seal("legacy"), expiresAt: now.addingTimeInterval(1800))
        let legacy = ScriptedTransport([Self.meeting])
        _ = try placed(legacy, tokens: tokens, appID: 3).createMeeting(userID: "me", request())
        XCTAssertEqual(legacy.requests.first?.headers.first { $0.name == "Authorization" }?.value, "Bearer legacy")
    }
}
