/// `?, ?, …` for an `IN` list.
enum PlaceholderList {
    static func marks(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }

    /// The marks and values of a set of enum cases (statuses), bound rather than spelled in
    /// SQL, so the set is the one the domain defines.
    static func cases<Case: RawRepresentable>(_ cases: [Case]) -> (marks: String, values: [SQLValue])
    where Case.RawValue == String {
        (marks(cases.count), cases.map { .text($0.rawValue) })
    }
}
