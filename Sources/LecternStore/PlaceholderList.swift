/// `?, ?, …` for an `IN` list.
enum PlaceholderList {
    static func marks(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}
