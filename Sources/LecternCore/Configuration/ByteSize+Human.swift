import Foundation

extension ByteSize {
    /// A byte count for people, in binary units: `0 B`, `912 B`, `912 KiB`, `1.5 GiB`.
    /// One decimal below 10 units, none above; a count that rounds up to 1024 of a unit is
    /// shown in the next one (`1.0 MiB`, never `1024 KiB`).
    public static func human(_ bytes: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        guard bytes >= 1024 || bytes <= -1024 else { return "\(bytes) B" }
        var value = Double(bytes.magnitude)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        var text = value < 9.95 ? String(format: "%.1f", value) : String(format: "%.0f", value)
        if text == "1024", unit < units.count - 1 {
            unit += 1
            text = "1.0"
        }
        return (bytes < 0 ? "-" : "") + text + " " + units[unit]
    }
}
