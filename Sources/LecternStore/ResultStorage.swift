import Foundation

/// The rows of one result: the cells of every row in one flat array, the bytes of every text
/// and blob value in one buffer, so that a result costs a few allocations whatever its size
/// (not an array per row and one per value). ``Row`` is a view of one row of it.
final class ResultStorage: Sendable {
    /// How a column's values were fetched, from its type in the result metadata.
    enum Kind: Equatable {
        case integer
        case unsignedInteger
        case double
        /// DATE, DATETIME or TIMESTAMP; `fractionDigits` as declared (DATETIME(6): 6).
        case date(fractionDigits: Int)
        case dateTime(fractionDigits: Int)
        /// TIME: a signed duration, usually a time of day.
        case time
        /// Text, blobs, decimals, enums and anything else, as the server's text.
        case bytes
    }

    /// One value. `payload` is the integer, the double's bits, the microseconds since 1970
    /// (dates, date-times) or into the day (times), or for bytes the offset into ``heap``.
    struct Cell {
        var payload: Int64
        /// The byte count of a bytes value; `-1` for SQL NULL.
        var length: Int32

        static let null = Cell(payload: 0, length: -1)
        var isNull: Bool { length < 0 }
    }

    let columns: [String]
    let kinds: [Kind]
    /// Column positions by a cheap hash of the name (open addressing, `-1` empty): rows are
    /// read by column name, hundreds of times per result, and `Hasher` showed in profiles.
    private let slots: [Int]
    // Constants once built, so reading a cell needs no exclusivity check.
    private let cells: [Cell]
    private let heap: [UInt8]

    /// The cells and bytes of a result while it is fetched.
    struct Builder {
        private(set) var cells: [Cell] = []
        private(set) var heap: [UInt8] = []

        mutating func append(_ cell: Cell) {
            cells.append(cell)
        }

        /// Appends a bytes value and its cell.
        mutating func append(bytes: UnsafeRawBufferPointer) {
            cells.append(Cell(payload: Int64(heap.count), length: Int32(bytes.count)))
            heap.append(contentsOf: bytes)
        }
    }

    init(columns: [String], kinds: [Kind], built: Builder) {
        self.columns = columns
        self.kinds = kinds
        cells = built.cells
        heap = built.heap
        var size = 8
        while size < columns.count * 2 { size *= 2 }
        var slots = [Int](repeating: -1, count: size)
        for (index, name) in columns.enumerated() {
            var slot = Self.hash(name) & (size - 1)
            while slots[slot] >= 0 {
                if columns[slots[slot]] == name { break }  // a repeated name keeps its first position
                slot = (slot + 1) & (size - 1)
            }
            if slots[slot] < 0 { slots[slot] = index }
        }
        self.slots = slots
    }

    /// The position of the first column called `name`.
    func position(of name: String) -> Int? {
        let mask = slots.count - 1
        var slot = Self.hash(name) & mask
        while slots[slot] >= 0 {
            if columns[slots[slot]] == name { return slots[slot] }
            slot = (slot + 1) & mask
        }
        return nil
    }

    private static func hash(_ name: String) -> Int {
        let utf8 = name.utf8
        return utf8.count &* 31 &+ Int(utf8.first ?? 0) &* 7
    }

    var rowCount: Int { columns.isEmpty ? 0 : cells.count / columns.count }

    func cell(row: Int, column: Int) -> Cell {
        cells[row * columns.count + column]
    }

    func withBytes<Result>(of cell: Cell, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        heap.withUnsafeBufferPointer { all in
            body(UnsafeBufferPointer(rebasing: all[Int(cell.payload)..<Int(cell.payload) + Int(cell.length)]))
        }
    }
}
