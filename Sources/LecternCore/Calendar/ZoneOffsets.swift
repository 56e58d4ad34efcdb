import Foundation

/// UTC offsets of time zones, remembered per zone as spans between transitions, so that a
/// calendar of hundreds of local times asks Foundation a few times per zone and process
/// instead of building a `Calendar` for each (issue 10: a twelfth of a calendar's CPU).
///
/// A span is learned from one look-up: the offset at an instant, valid up to the zone's
/// next transition (any kind: DST or a change of standard time). Local times near a
/// transition (a skipped or repeated hour) are left to `Calendar`, whose rules they follow.
enum ZoneOffsets {
    private struct Span {
        /// The earliest instant known to have `offset` (seconds since 1970).
        var knownFrom: Int64
        /// The zone's next transition after `knownFrom`, or `Int64.max`.
        var until: Int64
        var offset: Int
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var spans: [String: [Span]] = [:]
    // Bounds the memory a process spends, whatever zones and years it is asked about.
    private static let spansPerZone = 64
    private static let zones = 256

    /// The zone's offset from UTC, in seconds, at `seconds` since 1970.
    static func offset(of zone: TimeZone, at seconds: Int64) -> Int {
        span(of: zone, at: seconds).offset
    }

    /// The instant at which `localSeconds` (a wall-clock time written as seconds since
    /// 1970-01-01 00:00 local) happens in `zone`, when no transition lies within a day of
    /// it; `nil` when one does, or might.
    static func instant(ofLocal localSeconds: Int64, in zone: TimeZone) -> Int64? {
        // Offsets lie within −12 h … +14 h, so the instant lies within these bounds.
        let earliest = localSeconds - 15 * 3_600
        let span = span(of: zone, at: earliest)
        guard span.until > localSeconds + 13 * 3_600 else { return nil }
        return localSeconds - Int64(span.offset)
    }

    private static func span(of zone: TimeZone, at seconds: Int64) -> Span {
        let name = zone.identifier
        lock.lock()
        if let known = spans[name]?.first(where: { $0.knownFrom <= seconds && seconds < $0.until }) {
            lock.unlock()
            return known
        }
        lock.unlock()
        let instant = Date(timeIntervalSince1970: TimeInterval(seconds))
        let offset = zone.secondsFromGMT(for: instant)
        let next = zone.nextDaylightSavingTimeTransition(after: instant)
            .map { Int64($0.timeIntervalSince1970.rounded(.up)) } ?? Int64.max
        var learned = Span(knownFrom: seconds, until: next, offset: offset)
        lock.lock()
        defer { lock.unlock() }
        var list = spans[name] ?? []
        if let index = list.firstIndex(where: { $0.until == next && $0.offset == offset }) {
            // The same span seen from earlier: nothing changes between the two instants.
            list[index].knownFrom = min(list[index].knownFrom, seconds)
            learned = list[index]
        } else {
            if list.count >= spansPerZone { list.removeAll() }
            list.append(learned)
        }
        if spans[name] == nil, spans.count >= zones { spans.removeAll() }
        spans[name] = list
        return learned
    }
}
