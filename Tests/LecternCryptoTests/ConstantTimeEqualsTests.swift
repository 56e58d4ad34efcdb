import XCTest
@testable import LecternCrypto

final class ConstantTimeEqualsTests: XCTestCase {
    func testComparesContentsAndLengths() {
        XCTAssertTrue(constantTimeEquals([1, 2, 3], [1, 2, 3]))
        XCTAssertTrue(constantTimeEquals([], []))
        XCTAssertFalse(constantTimeEquals([1, 2, 3], [1, 2, 4]))
        XCTAssertFalse(constantTimeEquals([1, 2, 3], [1, 2]))
        XCTAssertFalse(constantTimeEquals([], [0]))
    }
}
