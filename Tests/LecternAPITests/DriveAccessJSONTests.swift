@testable import LecternAPI
import LecternCore
import LecternStore
import XCTest

/// drive-access items keep the document's key order, `id` first, nulls present.
final class DriveAccessJSONTests: XCTestCase {
    func testKeysInTheDocumentsOrderWithNulls() {
        let entry = DrivePermissionRepository.Entry(id: 3, folderID: "f1", folderPath: "Physics 9b", email: "s@school.test",
                                                    role: "reader", status: .failed, message: "Sorry, \"no\".", checkedAt: nil)
        XCTAssertEqual(String(decoding: DriveAccessJSON(entry).jsonBytes, as: UTF8.self),
                       #"{"id":3,"folder_id":"f1","folder_path":"Physics 9b","email":"s@school.test","role":"reader","#
                       + #""status":"failed","message":"Sorry, \"no\".","checked_at":null}"#)
    }
}
