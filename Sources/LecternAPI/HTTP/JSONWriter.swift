import Foundation
import LecternCore

/// Writes the API's JSON answers straight into bytes: no boxing, no dynamic casts, no
/// container per key, which is where `JSONEncoder` spent most of a calendar's time. Requests
/// are still decoded by Foundation; this only writes what Lectern itself answers.
///
/// To answer with a type, conform it to ``JSONWritable`` and write its keys in the order the
/// OpenAPI document lists them (`id` first, SPEC §4), every key present (`nil` is `null`):
///
///     extension RecordingJSON: JSONWritable {
///         func write(to json: inout JSONWriter) {
///             json.object { json in
///                 json.field("id", recording.id)
///                 json.field("content_url", contentURL)   // String? → string or null
///             }
///         }
///     }
///
/// then `JSONBody.response(200, value)` (a ``ListPage`` of writable items is writable too).
/// Keys are written as given (snake_case ASCII literals, nothing to escape); strings are
/// escaped per RFC 8259 (`"`, `\`, and U+0000…U+001F; `/` and non-ASCII stay as they are);
/// dates are ISO 8601 UTC to the second (`2025-01-15T10:00:00Z`), days `YYYY-MM-DD`.
///
/// It writes into memory of its own (an `Array` checked uniqueness and capacity on every
/// byte), so it cannot be copied; ``bytes`` is the document so far.
struct JSONWriter: ~Copyable {
    private var start: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var count = 0
    /// Whether a value has been written in the current container, so the next needs a comma.
    private var needsComma = false

    init(capacity: Int = 1_024) {
        self.capacity = capacity
        start = .allocate(capacity: capacity)
    }

    deinit {
        start.deallocate()
    }

    /// What has been written.
    var bytes: [UInt8] {
        Array(UnsafeBufferPointer(start: start, count: count))
    }

    // MARK: containers

    mutating func object(_ members: (inout JSONWriter) -> Void) {
        open(UInt8(ascii: "{"))
        members(&self)
        close(UInt8(ascii: "}"))
    }

    mutating func array(_ elements: (inout JSONWriter) -> Void) {
        open(UInt8(ascii: "["))
        elements(&self)
        close(UInt8(ascii: "]"))
    }

    /// An object member's key; the value written next belongs to it.
    mutating func key(_ name: StaticString) {
        separate()
        put(UInt8(ascii: "\""))
        name.withUTF8Buffer { put($0) }
        put(UInt8(ascii: "\""))
        put(UInt8(ascii: ":"))
        needsComma = false
    }

    // MARK: values

    mutating func null() {
        separate()
        append("null")
        needsComma = true
    }

    mutating func value(_ text: String) {
        separate()
        appendEscaped(text)
        needsComma = true
    }

    mutating func value(_ number: Int64) {
        separate()
        appendDigits(number)
        needsComma = true
    }

    mutating func value(_ number: Int) {
        value(Int64(number))
    }

    mutating func value(_ flag: Bool) {
        separate()
        append(flag ? "true" : "false")
        needsComma = true
    }

    /// `"YYYY-MM-DDTHH:MM:SSZ"`, the second the instant falls in (fractions are dropped).
    mutating func value(_ date: Date) {
        separate()
        let seconds = Int64((date.timeIntervalSince1970).rounded(.down))
        let (dayNumber, secondOfDay) = GregorianDays.split(secondsSince1970: seconds)
        appendFormatted { out in
            out.byte(UInt8(ascii: "\""))
            out.day(dayNumber)
            out.byte(UInt8(ascii: "T"))
            out.two(secondOfDay / 3_600)
            out.byte(UInt8(ascii: ":"))
            out.two(secondOfDay / 60 % 60)
            out.byte(UInt8(ascii: ":"))
            out.two(secondOfDay % 60)
            out.byte(UInt8(ascii: "Z"))
            out.byte(UInt8(ascii: "\""))
        }
        needsComma = true
    }

    /// `"YYYY-MM-DD"`.
    mutating func value(_ day: CalendarDay) {
        separate()
        appendFormatted { out in
            out.byte(UInt8(ascii: "\""))
            out.day(day.dayNumber)
            out.byte(UInt8(ascii: "\""))
        }
        needsComma = true
    }

    /// `"HH:MM"`.
    mutating func value(_ time: LocalTime) {
        separate()
        appendFormatted { out in
            out.byte(UInt8(ascii: "\""))
            out.two(time.hour)
            out.byte(UInt8(ascii: ":"))
            out.two(time.minute)
            out.byte(UInt8(ascii: "\""))
        }
        needsComma = true
    }

    /// A nested value: its own writing separates it from what came before.
    mutating func value<Value: JSONWritable>(_ nested: Value) {
        nested.write(to: &self)
    }

    // MARK: members: a key and its value

    mutating func field(_ name: StaticString, _ text: String) { key(name); value(text) }
    mutating func field(_ name: StaticString, _ number: Int64) { key(name); value(number) }
    mutating func field(_ name: StaticString, _ number: Int) { key(name); value(number) }
    mutating func field(_ name: StaticString, _ flag: Bool) { key(name); value(flag) }
    mutating func field(_ name: StaticString, _ date: Date) { key(name); value(date) }
    mutating func field(_ name: StaticString, _ day: CalendarDay) { key(name); value(day) }
    mutating func field(_ name: StaticString, _ time: LocalTime) { key(name); value(time) }
    mutating func field<Value: JSONWritable>(_ name: StaticString, _ nested: Value) { key(name); value(nested) }

    mutating func field(_ name: StaticString, _ text: String?) {
        key(name)
        if let text { value(text) } else { null() }
    }

    mutating func field(_ name: StaticString, _ number: Int64?) {
        key(name)
        if let number { value(number) } else { null() }
    }

    mutating func field(_ name: StaticString, _ number: Int?) {
        key(name)
        if let number { value(number) } else { null() }
    }

    mutating func field(_ name: StaticString, _ flag: Bool?) {
        key(name)
        if let flag { value(flag) } else { null() }
    }

    mutating func field(_ name: StaticString, _ date: Date?) {
        key(name)
        if let date { value(date) } else { null() }
    }

    mutating func field(_ name: StaticString, _ day: CalendarDay?) {
        key(name)
        if let day { value(day) } else { null() }
    }

    mutating func field<Value: JSONWritable>(_ name: StaticString, _ nested: Value?) {
        key(name)
        if let nested { value(nested) } else { null() }
    }

    mutating func field(_ name: StaticString, _ texts: [String]) {
        key(name)
        array { json in texts.forEach { json.value($0) } }
    }

    mutating func field(_ name: StaticString, _ numbers: [Int64]) {
        key(name)
        array { json in numbers.forEach { json.value($0) } }
    }

    mutating func field<Element: JSONWritable>(_ name: StaticString, _ elements: [Element]) {
        key(name)
        array { json in elements.forEach { json.value($0) } }
    }

    // MARK: bytes

    private mutating func separate() {
        if needsComma { put(UInt8(ascii: ",")) }
    }

    private mutating func open(_ bracket: UInt8) {
        separate()
        put(bracket)
        needsComma = false
    }

    private mutating func close(_ bracket: UInt8) {
        put(bracket)
        needsComma = true
    }

    /// A JSON string: runs of bytes that need no escape are copied whole.
    private mutating func appendEscaped(_ text: String) {
        put(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if runStart < index { put(UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
                appendEscape(of: byte)
                runStart = index + 1
            }
            if runStart < utf8.count { put(UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        }
        put(UInt8(ascii: "\""))
    }

    private mutating func appendEscape(of byte: UInt8) {
        put(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): put(byte)
        case 0x0A: put(UInt8(ascii: "n"))
        case 0x0D: put(UInt8(ascii: "r"))
        case 0x09: put(UInt8(ascii: "t"))
        case 0x08: put(UInt8(ascii: "b"))
        case 0x0C: put(UInt8(ascii: "f"))
        default:
            append("u00")
            put(Self.hexDigit(byte >> 4))
            put(Self.hexDigit(byte & 0x0F))
        }
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }

    private mutating func append(_ literal: StaticString) {
        literal.withUTF8Buffer { put($0) }
    }

    private mutating func appendDigits(_ number: Int64) {
        appendFormatted { $0.digits(number) }
    }

    /// Formats into a small buffer on the stack and appends it at once (one capacity
    /// check instead of one per byte).
    private mutating func appendFormatted(_ format: (inout Formatted) -> Void) {
        reserve(32)
        var out = Formatted(buffer: start + count)
        format(&out)
        count += out.count
    }

    private mutating func put(_ byte: UInt8) {
        reserve(1)
        start[count] = byte
        count += 1
    }

    private mutating func put(_ run: UnsafeBufferPointer<UInt8>) {
        guard let base = run.baseAddress else { return }
        reserve(run.count)
        (start + count).initialize(from: base, count: run.count)
        count += run.count
    }

    private mutating func reserve(_ more: Int) {
        guard count + more > capacity else { return }
        let grown = max(capacity * 2, count + more)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        moved.initialize(from: start, count: count)
        start.deallocate()
        start = moved
        capacity = grown
    }

    /// Up to 32 bytes of a number, date or time, written in place.
    private struct Formatted {
        let buffer: UnsafeMutablePointer<UInt8>
        var count = 0

        mutating func byte(_ value: UInt8) {
            buffer[count] = value
            count += 1
        }

        mutating func two(_ number: Int) {
            byte(UInt8(ascii: "0") + UInt8(number / 10))
            byte(UInt8(ascii: "0") + UInt8(number % 10))
        }

        mutating func digits(_ number: Int64) {
            if number < 0 { byte(UInt8(ascii: "-")) }
            // The magnitude as unsigned, so that Int64.min has one too.
            var rest = number.magnitude
            let start = count
            repeat {
                byte(UInt8(ascii: "0") + UInt8(rest % 10))
                rest /= 10
            } while rest > 0
            var (low, high) = (start, count - 1)
            while low < high {
                (buffer[low], buffer[high]) = (buffer[high], buffer[low])
                low += 1
                high -= 1
            }
        }

        /// `YYYY-MM-DD` (years before 1000 zero-padded to four digits).
        mutating func day(_ dayNumber: Int) {
            let date = GregorianDays.date(dayNumber: dayNumber)
            if (0...9_999).contains(date.year) {
                two(date.year / 100)
                two(date.year % 100)
            } else {
                digits(Int64(date.year))
            }
            byte(UInt8(ascii: "-"))
            two(date.month)
            byte(UInt8(ascii: "-"))
            two(date.day)
        }
    }
}

/// A response type that ``JSONWriter`` can write (see there).
protocol JSONWritable {
    func write(to json: inout JSONWriter)
}

extension JSONWritable {
    /// The value as one JSON document.
    var jsonBytes: [UInt8] {
        var writer = JSONWriter()
        write(to: &writer)
        return writer.bytes
    }
}
