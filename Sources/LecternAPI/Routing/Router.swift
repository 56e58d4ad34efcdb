/// Matches a method and path to a handler; `{name}` segments capture path parameters.
///
/// A path that matches no pattern is a 404; one that matches a pattern but not the method
/// is a 405 listing the allowed methods. Trailing slashes are optional when matching.
public struct Router<Handler> {
    struct Route {
        var method: HTTPMethod
        var pattern: String
        var segments: [Segment]
        var handler: Handler
    }

    /// One route as it was added: its method and its pattern with `{name}` parameters.
    public struct Entry: Sendable, Equatable, CustomStringConvertible {
        public var method: HTTPMethod
        public var pattern: String

        public var description: String { "\(method.rawValue) \(pattern)" }
    }

    enum Segment: Equatable {
        case literal(String)
        case parameter(String)
    }

    public enum Match {
        case found(Handler, parameters: [String: String])
        case methodNotAllowed(allowed: [String])
        case notFound
    }

    private var routes: [Route] = []

    public init() {}

    public mutating func add(_ method: HTTPMethod, _ pattern: String, _ handler: Handler) {
        let segments = Self.split(pattern).map { part -> Segment in
            if part.hasPrefix("{"), part.hasSuffix("}") { return .parameter(String(part.dropFirst().dropLast())) }
            return .literal(part)
        }
        routes.append(Route(method: method, pattern: pattern, segments: segments, handler: handler))
    }

    /// Every route in the order added, so that the route table can be listed and checked
    /// against the OpenAPI document.
    public var entries: [Entry] {
        routes.map { Entry(method: $0.method, pattern: $0.pattern) }
    }

    /// The path belongs to the most specific pattern that fits it (a literal segment beats a
    /// parameter), so `/lessons/quick-start/` is never lesson "quick-start"; the method then
    /// picks among that pattern's routes, and the 405 lists only theirs.
    public func match(method: String, path: String) -> Match {
        let parts = Self.split(path)
        var best: [Segment]?
        var allowed: [String] = []
        var found: (handler: Handler, parameters: [String: String])?
        for route in routes {
            guard let parameters = Self.bind(route.segments, parts) else { continue }
            if let current = best, route.segments != current {
                guard Self.isMoreSpecific(route.segments, than: current) else { continue }
                allowed = []
                found = nil
            }
            best = route.segments
            if found == nil, route.method.rawValue == method || (method == "HEAD" && route.method == .get) {
                found = (route.handler, parameters)
            }
            allowed.append(route.method.rawValue)
        }
        if let found { return .found(found.handler, parameters: found.parameters) }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed: allowed)
    }

    /// Whether `a` has a literal where `b` has a parameter at the first segment they differ in kind.
    private static func isMoreSpecific(_ a: [Segment], than b: [Segment]) -> Bool {
        for (x, y) in zip(a, b) {
            switch (x, y) {
            case (.literal, .parameter): return true
            case (.parameter, .literal): return false
            default: continue
            }
        }
        return false
    }

    /// Split on the byte `/` (ASCII, so never inside a multi-byte character): splitting on the
    /// Character broke graphemes and cost a fifth of a health check.
    private static func split(_ path: String) -> [String] {
        path.utf8.split(separator: UInt8(ascii: "/")).map { String(Substring($0)) }
    }

    private static func bind(_ segments: [Segment], _ parts: [String]) -> [String: String]? {
        guard segments.count == parts.count else { return nil }
        var parameters: [String: String] = [:]
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let text): guard text == part else { return nil }
            case .parameter(let name): parameters[name] = part
            }
        }
        return parameters
    }
}
