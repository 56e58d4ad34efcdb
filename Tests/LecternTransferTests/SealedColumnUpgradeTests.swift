import Foundation
import LecternCrypto
import LecternPool
import LecternStore
import LecternTestSupport
import Logging
import XCTest

/// `lectern migrate` binds values sealed before they carried their place, against a real
/// MariaDB: afterwards each opens in its own row and column only.
final class SealedColumnUpgradeTests: XCTestCase {
    private let logger = TestDatabase.logger

    func testUnboundValuesAreBoundToTheirRows() throws {
        let url = try TestDatabase.migrated("seal", logger: logger)
        let db = Connection(url: url, logger: logger)
        defer { db.close() }
        let box = SecretBox(key: try MasterKey(parsing: String(repeating: "ab", count: 32)))
        let repository = ZoomAppRepository(db)
        try repository.saveEnvironmentApp(accountID: "a", clientID: "c", clientSecretSealed: box.seal("client"),
                                          webhookSecretSealed: box.seal("hook"))
        let other = try repository.savePersonal(ownerID: try db.execute("""
            INSERT INTO users (email, name, role) VALUES ('t@school.test', 'T', 'teacher')
            """).lastInsertID, accountID: "a", clientID: "c", secrets: { _ in (box.seal("mine"), nil) })
        XCTAssertEqual(try SealedColumnUpgrade.run(db: db, box: box), 3)
        XCTAssertEqual(try SealedColumnUpgrade.run(db: db, box: box), 0, "bound values stay as they are")
        let app = try XCTUnwrap(try repository.find(id: ZoomAppRepository.environmentAppID))
        XCTAssertEqual(try box.open(app.clientSecretSealed, .appClientSecret, rowID: app.id), "client")
        XCTAssertEqual(try box.open(XCTUnwrap(app.webhookSecretSealed), .appWebhookSecret, rowID: app.id), "hook")
        XCTAssertThrowsError(try box.open(app.clientSecretSealed, .appWebhookSecret, rowID: app.id))
        XCTAssertThrowsError(try box.open(app.clientSecretSealed, .appClientSecret, rowID: other))
        XCTAssertThrowsError(try box.open(app.clientSecretSealed, .lessonStartURL, rowID: app.id))
    }
}
