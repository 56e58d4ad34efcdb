/// A Drive v3 `q` in the forms Lectern uses (SPEC §7), joined with `and`:
/// `name = '…'`, `mimeType = '…'`, `'ID' in parents`, `trashed = true|false` and
/// `appProperties has { key='…' and value='…' }`. Strings are single-quoted with `\'` and `\\`
/// escapes. Anything else is refused, so a client cannot rely on a form the emulator does not check.
struct SimDriveQuery: Equatable {
    enum Term: Equatable {
        case name(String)
        case mimeType(String)
        case inParents(String)
        case trashed(Bool)
        case appProperty(key: String, value: String)
    }

    /// Why a query was refused.
    struct Invalid: Error, Equatable {
        var reason: String
    }

    /// Every term must hold; none means every file.
    let terms: [Term]

    init(_ text: String) throws(Invalid) {
        var scanner = Scanner(text)
        var terms: [Term] = []
        if !scanner.atEnd {
            repeat {
                terms.append(try scanner.term())
            } while scanner.skip(word: "and")
            guard scanner.atEnd else { throw scanner.invalid("expected 'and' or the end") }
        }
        self.terms = terms
    }

    func matches(_ file: SimDriveFile) -> Bool {
        terms.allSatisfy { term in
            switch term {
            case .name(let name): return file.name == name
            case .mimeType(let type): return file.mimeType == type
            case .inParents(let id): return file.parents.contains(id)
            case .trashed(let trashed): return file.trashed == trashed
            case .appProperty(let key, let value): return file.appProperties[key] == value
            }
        }
    }

    /// Reads a query left to right, one term at a time.
    private struct Scanner {
        private let characters: [Character]
        private var index = 0

        init(_ text: String) {
            characters = Array(text)
        }

        var atEnd: Bool {
            mutating get {
                skipSpaces()
                return index == characters.count
            }
        }

        mutating func term() throws(Invalid) -> Term {
            skipSpaces()
            if index < characters.count, characters[index] == "'" {
                let id = try string()
                try expect(word: "in")
                try expect(word: "parents")
                return .inParents(id)
            }
            let field = word()
            switch field {
            case "name":
                try expect(symbol: "=")
                return .name(try string())
            case "mimeType":
                try expect(symbol: "=")
                return .mimeType(try string())
            case "trashed":
                try expect(symbol: "=")
                switch word() {
                case "true": return .trashed(true)
                case "false": return .trashed(false)
                default: throw invalid("trashed compares with true or false")
                }
            case "appProperties":
                try expect(word: "has")
                try expect(symbol: "{")
                try expect(word: "key")
                try expect(symbol: "=")
                let key = try string()
                try expect(word: "and")
                try expect(word: "value")
                try expect(symbol: "=")
                let value = try string()
                try expect(symbol: "}")
                return .appProperty(key: key, value: value)
            default:
                throw invalid("unsupported term \(field.isEmpty ? "here" : "'\(field)'")")
            }
        }

        /// Consumes `word` if it comes next.
        mutating func skip(word expected: String) -> Bool {
            let start = index
            if word() == expected { return true }
            index = start
            return false
        }

        func invalid(_ reason: String) -> Invalid {
            Invalid(reason: "\(reason) (at character \(index + 1))")
        }

        private mutating func skipSpaces() {
            while index < characters.count, characters[index].isWhitespace { index += 1 }
        }

        /// The letters that come next (empty when none do).
        private mutating func word() -> String {
            skipSpaces()
            let start = index
            while index < characters.count, characters[index].isASCII, characters[index].isLetter { index += 1 }
            return String(characters[start..<index])
        }

        private mutating func expect(word expected: String) throws(Invalid) {
            guard word() == expected else { throw invalid("expected '\(expected)'") }
        }

        private mutating func expect(symbol: Character) throws(Invalid) {
            skipSpaces()
            guard index < characters.count, characters[index] == symbol else { throw invalid("expected '\(symbol)'") }
            index += 1
        }

        /// A single-quoted string; `\'` and `\\` are its only escapes.
        private mutating func string() throws(Invalid) -> String {
            try expect(symbol: "'")
            var value = ""
            while index < characters.count {
                let character = characters[index]
                index += 1
                switch character {
                case "'":
                    return value
                case "\\":
                    guard index < characters.count, characters[index] == "'" || characters[index] == "\\" else {
                        throw invalid("only \\' and \\\\ may be escaped")
                    }
                    value.append(characters[index])
                    index += 1
                default:
                    value.append(character)
                }
            }
            throw invalid("unterminated string")
        }
    }
}
