/// A Drive call made against its documented contract (a bug in the caller), refused before
/// anything was sent.
public struct DriveUsageError: Error, Equatable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
