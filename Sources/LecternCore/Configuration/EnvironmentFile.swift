/// The `--config FILE` format: systemd `EnvironmentFile=` lines, `NAME=value`, `#` comments.
public enum EnvironmentFile {
    /// Parses the file's text; values may be wrapped in single or double quotes.
    public static func parse(_ text: String) throws -> [String: String] {
        var values: [String: String] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            let body = line.hasPrefix("export ") ? String(line.dropFirst(7)).trimmingWhitespace() : line
            guard let equals = body.firstIndex(of: "=") else {
                throw ConfigurationError.invalid("line \(index + 1)", "expected NAME=value")
            }
            let name = String(body[..<equals]).trimmingWhitespace()
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw ConfigurationError.invalid("line \(index + 1)", "bad variable name")
            }
            var value = String(body[body.index(after: equals)...]).trimmingWhitespace()
            if value.count >= 2, let first = value.first, first == value.last, first == "\"" || first == "'" {
                value = String(value.dropFirst().dropLast())
            }
            values[name] = value
        }
        return values
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return String(slice)
    }
}
