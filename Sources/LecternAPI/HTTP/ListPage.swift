import Foundation

/// One page of a list (SPEC §4): `{"results": [...], "next": <url or null>}`, cursor-paginated.
struct ListPage<Item> {
    var results: [Item]
    /// The path and query of the next page, or `nil` on the last one.
    var next: String?

    static var defaultLimit: Int { 100 }
    static var maxLimit: Int { 500 }

    /// `?limit=` (1…500, default 100).
    static func limit(_ request: HTTPRequest) throws -> Int {
        guard let text = request.query["limit"] else { return defaultLimit }
        guard let limit = Int(text), (1...maxLimit).contains(limit) else {
            throw APIError.badRequest("limit: must be an integer from 1 to \(maxLimit).")
        }
        return limit
    }

    /// A page of `items` (fetched with one extra beyond `limit` to learn whether more
    /// follow); `cursor` names the position after an item, for the `next` link.
    init<Fetched>(_ fetched: [Fetched], limit: Int, request: HTTPRequest, cursor: (Fetched) -> String,
                  item: (Fetched) throws -> Item) rethrows {
        let page = Array(fetched.prefix(limit))
        results = try page.map(item)
        guard fetched.count > limit, let last = page.last else {
            next = nil
            return
        }
        var query = request.query
        query["cursor"] = cursor(last)
        var components = URLComponents()
        components.path = request.path
        components.queryItems = query.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        next = components.string
    }
}

extension ListPage: JSONWritable where Item: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("results", results)
            json.field("next", next)
        }
    }
}
