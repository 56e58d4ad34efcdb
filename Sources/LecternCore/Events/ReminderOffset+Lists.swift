extension ReminderOffset {
    /// The offsets a request names, nearest first; an unknown or repeated one is a problem
    /// with `field`.
    public static func parse(_ texts: [String], field: String = "reminders") throws -> [ReminderOffset] {
        var offsets: [ReminderOffset] = []
        for text in texts {
            guard let offset = ReminderOffset(rawValue: text) else {
                let known = allCases.map(\.rawValue).joined(separator: ", ")
                throw FieldProblem(field, "'\(text)' is not one of \(known).")
            }
            guard !offsets.contains(offset) else { throw FieldProblem(field, "\(text) is given twice.") }
            offsets.append(offset)
        }
        return offsets.sorted()
    }

    /// The stored form of a set of offsets: `1h,1d`.
    public static func storageText(_ offsets: [ReminderOffset]) -> String {
        offsets.sorted().map(\.rawValue).joined(separator: ",")
    }

    /// Offsets from their stored form; anything unknown is left out.
    public static func fromStorage(_ text: String) -> [ReminderOffset] {
        text.split(separator: ",").compactMap { ReminderOffset(rawValue: String($0)) }.sorted()
    }
}
