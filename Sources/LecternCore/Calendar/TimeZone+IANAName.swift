import Foundation

extension TimeZone {
    /// The zone's IANA name for storage and display. Foundation reports the zone named
    /// "UTC" as "GMT"; Lectern's default zone is "UTC", so that is the name kept.
    public var ianaName: String {
        identifier == "GMT" ? "UTC" : identifier
    }
}
