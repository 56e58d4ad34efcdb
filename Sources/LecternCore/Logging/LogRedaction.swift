/// What log lines hide: secrets that ride in URLs (pure, so every layer can use it).
public enum LogRedaction {
    /// A URL path with the values of sensitive query parameters replaced by `***`.
    public static func target(_ target: String) -> String {
        guard let question = target.firstIndex(of: "?") else { return target }
        let sensitive: Set<String> = ["token", "access_token", "password", "secret", "code", "signature", "key"]
        let query = target[target.index(after: question)...].split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            let name = pair.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
            return sensitive.contains(name.lowercased()) ? "\(name)=***" : String(pair)
        }
        return target[..<question] + "?" + query.joined(separator: "&")
    }
}
