import XCTest
@testable import LecternCore

final class ByteSizeHumanTests: XCTestCase {
    func testBytesBelowOneKibibyteAreCountedExactly() {
        XCTAssertEqual(ByteSize.human(0), "0 B")
        XCTAssertEqual(ByteSize.human(1), "1 B")
        XCTAssertEqual(ByteSize.human(1023), "1023 B")
    }

    func testLargerCountsUseBinaryUnits() {
        XCTAssertEqual(ByteSize.human(1024), "1.0 KiB")
        XCTAssertEqual(ByteSize.human(912 * 1024), "912 KiB")
        XCTAssertEqual(ByteSize.human(3 << 20), "3.0 MiB")
        XCTAssertEqual(ByteSize.human(1_610_612_736), "1.5 GiB")
        XCTAssertEqual(ByteSize.human(5 << 40), "5.0 TiB")
        XCTAssertEqual(ByteSize.human(Int64.max), "8.0 EiB")
    }

    func testOneDecimalBelowTenUnitsNoneAbove() {
        XCTAssertEqual(ByteSize.human(9 * 1024 + 900), "9.9 KiB")
        XCTAssertEqual(ByteSize.human(9 * 1024 + 1000), "10 KiB")
        XCTAssertEqual(ByteSize.human(10 * 1024 + 600), "11 KiB")
    }

    func testACountThatRoundsUpToTheNextUnitIsShownInIt() {
        XCTAssertEqual(ByteSize.human(1024 * 1024 - 1), "1.0 MiB")
        XCTAssertEqual(ByteSize.human((1 << 30) - 10), "1.0 GiB")
        XCTAssertEqual(ByteSize.human(1023 * 1024 + 400), "1023 KiB")
    }
}
