import Foundation
import LecternCore
import LecternCrypto
import LecternPool
import LecternStore
import LecternTestSupport
import Logging
import XCTest

/// App #1 from `ZOOM_*` against a real MariaDB: its secrets are bound to its row, and its
/// webhook secret may not be one another app already has (the secret names the app).
final class EnvironmentAppTests: XCTestCase {
    private let logger = TestDatabase.logger
    private let keyText = String(repeating: "cd", count: 32)

    private func configuration(webhookSecret: String) -> Configuration {
        var configuration = Configuration()
        configuration.masterKey = keyText
        configuration.zoomAccountID = "acc"
        configuration.zoomClientID = "cid"
        configuration.zoomClientSecret = "client-secret"
        configuration.zoomWebhookSecretToken = webhookSecret
        return configuration
    }

    func testTheEnvironmentAppsWebhookSecretMustBeItsOwn() throws {
        let db = Connection(url: try TestDatabase.migrated("envapp", logger: logger), logger: logger)
        defer { db.close() }
        let box = SecretBox(key: try MasterKey(parsing: keyText))
        XCTAssertEqual(try EnvironmentApp.sync(configuration: configuration(webhookSecret: "hook-1"), db: db), .saved)
        let app = try XCTUnwrap(try ZoomAppRepository(db).find(id: ZoomAppRepository.environmentAppID))
        XCTAssertEqual(try box.open(XCTUnwrap(app.webhookSecretSealed), .appWebhookSecret, rowID: app.id), "hook-1")
        XCTAssertEqual(try EnvironmentApp.sync(configuration: configuration(webhookSecret: "hook-1"), db: db), .unchanged)

        let host = try db.execute("INSERT INTO users (email, name, role) VALUES ('h@school.test', 'H', 'teacher')")
            .lastInsertID
        _ = try EventProviderRepository(db).insert(
            .init(name: "P", eventType: .meeting, hostUserID: host, zoomUserID: "h@school.test", accountID: "a",
                  clientID: "c"),
            secrets: { id in .init(clientSecret: box.seal("c", .appClientSecret, rowID: id),
                                   webhookSecret: box.seal("hook-2", .appWebhookSecret, rowID: id)) })
        XCTAssertThrowsError(try EnvironmentApp.sync(configuration: configuration(webhookSecret: "hook-2"), db: db)) { error in
            XCTAssertEqual("\(error)", "configuration: ZOOM_WEBHOOK_SECRET_TOKEN is invalid: another Zoom app in the database has this webhook secret")
        }
    }
}
